package io.kindling.kit.ids;

import java.util.regex.Pattern;

/**
 * What a user or workspace name may be. Such names appear in resource paths, queries, ids and, for a workspace, as a
 * folder of each datastore: the form admits neither a separator nor a name made of dots alone.
 */
public final class PrincipalNames {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");

    private PrincipalNames() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
