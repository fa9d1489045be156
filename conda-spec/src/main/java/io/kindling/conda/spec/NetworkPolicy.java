package io.kindling.conda.spec;

import java.util.List;
import java.util.Locale;

/**
 * Where a workspace with network isolation may download packages from: conda channels and Python package indexes
 * on an allowlist. Without isolation, anything goes.
 *
 * @param isolated        whether the workspace has network isolation on
 * @param allowedChannels conda channel names or URLs
 * @param allowedIndexes  URL prefixes of package indexes and find-links locations
 */
public record NetworkPolicy(boolean isolated, List<String> allowedChannels, List<String> allowedIndexes) {

    public NetworkPolicy {
        allowedChannels = List.copyOf(allowedChannels);
        allowedIndexes = List.copyOf(allowedIndexes);
    }

    public static NetworkPolicy open() {
        return new NetworkPolicy(false, List.of(), List.of());
    }

    /** @throws InvalidSpecException {@code CHANNEL_NOT_ALLOWED} or {@code INDEX_NOT_ALLOWED} for the first offender */
    public void check(CondaSpec spec) {
        if (!isolated) {
            return;
        }
        for (int i = 0; i < spec.channels().size(); i++) {
            checkChannel(spec.channels().get(i), "channels[" + i + "]");
        }
        for (Requirement r : spec.conda()) {
            if (r.channel() != null) {
                checkChannel(r.channel(), r.entry());
            }
        }
        for (PipOption option : spec.pipOptions()) {
            if (option.isSource()) {
                checkIndex(option.value(), option.entry(), "--" + option.flag());
            }
        }
        for (Requirement r : spec.pip()) {
            if (r.url() != null) {
                checkIndex(r.url(), r.entry(), "the direct reference");
            }
        }
    }

    private void checkChannel(String channel, String entry) {
        String wanted = trim(channel);
        if (allowedChannels.stream().map(NetworkPolicy::trim).noneMatch(wanted::equals)) {
            throw new InvalidSpecException("CHANNEL_NOT_ALLOWED", entry, entry + ": channel '" + channel
                    + "' is not on this workspace's allowlist (network isolation is on); allowed channels: "
                    + allowedChannels);
        }
    }

    private void checkIndex(String url, String entry, String what) {
        String wanted = trim(url);
        if (allowedIndexes.stream().map(NetworkPolicy::trim).noneMatch(a -> wanted.equals(a)
                || wanted.startsWith(a + "/"))) {
            throw new InvalidSpecException("INDEX_NOT_ALLOWED", entry, entry + ": " + what + " '" + url
                    + "' is not on this workspace's allowlist (network isolation is on); allowed indexes: "
                    + allowedIndexes);
        }
    }

    private static String trim(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
