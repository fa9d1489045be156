package io.kindling.gateway.workspace;

import java.nio.file.Path;

/**
 * A datastore a job may name as {@code kindling://datastores/<name>/paths/..}: one of the workspace's, or one this
 * install gives every workspace ({@code kindling.jobs.datastores}).
 *
 * @param path the local directory it is (absolute)
 * @param install whether it is the install's rather than the workspace's
 */
record Datastore(String name, Path path, String description, boolean install) {
}
