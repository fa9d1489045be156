package io.kindling.conda.environment;

/** Why an environment could not be had. */
public enum EnvironmentFailure {
    /** The spec is malformed or asks for what the runtime or the workspace does not allow. */
    INVALID_SPEC,
    /** The install ran longer than {@code kindling.conda.install-timeout}; its process tree was killed. */
    INSTALL_TIMEOUT,
    /** The installer failed (a package not found, a build error); the log says which. */
    INSTALL_ERROR
}
