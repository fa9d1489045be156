package io.kindling.conda.spec;

import java.util.List;
import java.util.Locale;

/**
 * Where a spec may have packages downloaded from. Python package sources (an index URL, an extra index, find-links,
 * a direct reference {@code name @ https://...}) are on an allowlist always: a source outside it is a place Kindling
 * would fetch code from (a find-links path on the host, an attacker's URL) on a user's word. Conda channels are on
 * an allowlist when the workspace has network isolation on; without it, any channel goes.
 *
 * @param isolated        whether the workspace has network isolation on
 * @param allowedChannels conda channel names or URLs
 * @param allowedIndexes  URL prefixes of package indexes, find-links locations and direct references a spec may
 *                        name (the install's own configured sources need not be listed)
 */
public record NetworkPolicy(boolean isolated, List<String> allowedChannels, List<String> allowedIndexes) {

    public NetworkPolicy {
        allowedChannels = List.copyOf(allowedChannels);
        allowedIndexes = List.copyOf(allowedIndexes);
    }

    /** No network isolation: any conda channel; Python package sources still only the install's own. */
    public static NetworkPolicy notIsolated() {
        return new NetworkPolicy(false, List.of(), List.of());
    }

    /** @throws InvalidSpecException {@code CHANNEL_NOT_ALLOWED} or {@code INDEX_NOT_ALLOWED} for the first offender */
    public void check(CondaSpec spec) {
        if (isolated) {
            for (int i = 0; i < spec.channels().size(); i++) {
                checkChannel(spec.channels().get(i), "channels[" + i + "]");
            }
            for (Requirement r : spec.conda()) {
                if (r.channel() != null) {
                    checkChannel(r.channel(), r.entry());
                }
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
                    + "' is not a package source this install allows; "
                    + (allowedIndexes.isEmpty() ? "it allows none beyond its own configured index"
                    : "allowed: " + allowedIndexes));
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
