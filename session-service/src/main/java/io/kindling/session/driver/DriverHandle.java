package io.kindling.session.driver;

import java.nio.file.Path;

/**
 * A launched driver: its process, where its API listens ({@code host}: loopback, or its sandbox's address) and the
 * secret that guards it.
 */
public record DriverHandle(String clusterId, long pid, String host, int port, String secret, Path workDir) {

    @Override
    public String toString() {
        return "DriverHandle[" + clusterId + ", pid " + pid + ", " + host + ":" + port + "]";
    }
}
