package io.kindling.conda.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The checks every conda spec passes before anything is built, and its content hash. */
public final class CondaSpecs {

    private CondaSpecs() {
    }

    /**
     * Parses {@code yaml} and checks it against the runtime's fixed components and the network policy.
     *
     * @throws InvalidSpecException naming the entry at fault
     */
    public static CondaSpec validate(String yaml, RuntimeComponents runtime, NetworkPolicy network) {
        CondaSpec spec = CondaSpecParser.parse(yaml);
        runtime.check(spec);
        network.check(spec);
        return spec;
    }

    /**
     * The key a built environment is cached under: its normalized spec, the runtime it was built for and the
     * platform it was built on (operating system, CPU, Python, builder). 32 hex digits of SHA-256.
     */
    public static String hash(CondaSpec spec, String runtimeVersion, RuntimeComponents runtime, String platform) {
        String key = spec.normalized() + "runtime: " + runtimeVersion + "\npython: " + runtime.python()
                + "\nplatform: " + platform + "\n";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
