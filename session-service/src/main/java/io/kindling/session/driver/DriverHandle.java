package io.kindling.session.driver;

import java.nio.file.Path;

/** A launched driver: its process, its loopback API port and the secret that guards it. */
public record DriverHandle(String clusterId, long pid, int port, String secret, Path workDir) {

    @Override
    public String toString() {
        return "DriverHandle[" + clusterId + ", pid " + pid + ", port " + port + "]";
    }
}
