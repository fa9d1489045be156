package io.kindling.platform;

import io.kindling.gateway.auth.LocalTokens;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/kindling token --user alice [--workspace w] [--admin] [--ttl 8h]}: prints a bearer token for the
 * embedded default's gateway, signed with its key ({@code $KINDLING_HOME/keys/token-signing.key}, made if
 * missing, so a token minted before the first start works too).
 */
final class TokenCommand {

    static final String USAGE = "usage: bin/kindling token --user <name> [--workspace <name>] [--admin] [--ttl <e.g. 8h, 30m>]";

    private TokenCommand() {
    }

    /** @return the exit code: 0, or 64 for a bad command line */
    static int run(Path home, String[] args, PrintStream out, PrintStream err) {
        String user = null;
        String workspace = "default";
        List<String> roles = new ArrayList<>();
        Duration ttl = Duration.ofHours(8);
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--user" -> user = value(args, ++i);
                    case "--workspace" -> workspace = value(args, ++i);
                    case "--admin" -> roles.add("workspace-admin");
                    case "--ttl" -> ttl = Duration.parse("PT" + value(args, ++i).toUpperCase(java.util.Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (user == null) {
                throw new IllegalArgumentException("--user is required");
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("--ttl must be positive");
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 64;
        }
        LocalTokens tokens = LocalTokens.fromKeyFile(home.resolve("keys").resolve("token-signing.key"),
                Clock.systemUTC());
        out.println(tokens.mint(user, workspace, roles, ttl));
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
