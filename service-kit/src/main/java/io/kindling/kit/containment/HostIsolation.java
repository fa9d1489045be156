package io.kindling.kit.containment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What this host offers for isolation: root (or at least the uid under which namespaces, veths and other users'
 * processes can be made) and the util-linux and iproute2 tools that make them. Kindling uses the kernel's own
 * mechanisms through these tools rather than a sandbox of its own.
 *
 * @param missing why this host cannot isolate, in plain words; empty when it can
 */
public record HostIsolation(List<String> missing, String ip, String nsenter, String setpriv, String unshare,
                            String mount) {

    private static final List<String> DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    public HostIsolation {
        missing = List.copyOf(missing);
    }

    public boolean possible() {
        return missing.isEmpty();
    }

    /** Looks at this process and host. */
    public static HostIsolation probe() {
        List<String> missing = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            missing.add("not Linux (network namespaces and setpriv are Linux's)");
        }
        if (effectiveUid() != 0) {
            missing.add("not running as root (uid " + effectiveUid() + "): no other users, namespaces or veths");
        }
        Optional<String> ip = tool("ip");
        Optional<String> nsenter = tool("nsenter");
        Optional<String> setpriv = tool("setpriv");
        Optional<String> unshare = tool("unshare");
        Optional<String> mount = tool("mount");
        ip.ifPresentOrElse(p -> { }, () -> missing.add("no 'ip' (iproute2) on PATH"));
        for (var t : List.of(Map.entry("nsenter", nsenter), Map.entry("setpriv", setpriv),
                Map.entry("unshare", unshare), Map.entry("mount", mount))) {
            t.getValue().ifPresentOrElse(p -> { }, () -> missing.add("no '" + t.getKey() + "' (util-linux) on PATH"));
        }
        return new HostIsolation(missing, ip.orElse(null), nsenter.orElse(null), setpriv.orElse(null),
                unshare.orElse(null), mount.orElse(null));
    }

    /** The effective uid of this process: the owner of {@code /proc/self}; -1 where there is no procfs. */
    static long effectiveUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static Optional<String> tool(String name) {
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator));
        return Stream.concat(path, DIRS.stream()).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }
}
