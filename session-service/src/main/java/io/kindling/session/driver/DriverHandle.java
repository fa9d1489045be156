package io.kindling.session.driver;

import java.nio.file.Path;

/**
 * A launched driver: its process, where its API listens ({@code host}: loopback, or its sandbox's address) and the
 * secret that guards it, with the salt it was derived from ({@link AgentSecrets}; {@code null} for a driver started
 * before secrets were derived).
 */
public record DriverHandle(String clusterId, long pid, String host, int port, String secret, String secretSalt,
                           Path workDir) {

    @Override
    public String toString() {
        return "DriverHandle[" + clusterId + ", pid " + pid + ", " + host + ":" + port + "]";
    }
}
