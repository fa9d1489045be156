package io.kindling.gateway.auth;

import io.kindling.kit.ids.PrincipalNames;
import io.kindling.kit.problem.ApiProblem;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Who is calling, from their bearer token: a controller takes a {@code Caller} parameter to get it.
 *
 * @param user      the user the token names; everything they create is theirs, and another user's is not found
 * @param workspace the workspace the token names
 * @param admin     whether the token gives the workspace admin role
 */
public record Caller(String user, String workspace, boolean admin) {

    /** What a user or workspace name may be: it appears in resource paths, queries and ids. */
    public static final Pattern NAME = PrincipalNames.PATTERN;

    /** @throws ApiProblem 403 {@code NOT_WORKSPACE_ADMIN} unless the token gives the workspace admin role */
    public void requireAdmin() {
        if (!admin) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "NOT_WORKSPACE_ADMIN", "this needs the workspace admin role "
                    + "in workspace '" + workspace + "'");
        }
    }

    /**
     * Whether a list asks for the whole workspace ({@code scope=workspace}, admins only) rather than the caller's own
     * ({@code scope=mine}, the default).
     */
    public boolean wantsWorkspace(String scope) {
        if (scope == null || scope.equals("mine")) {
            return false;
        }
        if (!scope.equals("workspace")) {
            throw ApiProblem.badRequest("INVALID_FIELD", "scope must be mine or workspace, was '" + scope + "'")
                    .with("field", "scope");
        }
        requireAdmin();
        return true;
    }
}
