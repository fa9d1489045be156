package io.kindling.gateway.auth;

import java.util.regex.Pattern;

/**
 * Who is calling, from their bearer token: a controller takes a {@code Caller} parameter to get it.
 *
 * @param user      the user the token names; everything they create is theirs, and another user's is not found
 * @param workspace the workspace the token names
 * @param admin     whether the token gives the workspace admin role
 */
public record Caller(String user, String workspace, boolean admin) {

    /** What a user or workspace name may be: it appears in resource paths, queries and ids. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");
}
