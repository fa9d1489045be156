package io.kindling.gateway.auth;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** A token must name a user (and may name a workspace) the way Kindling's names are written. */
final class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    private final AuthProperties props;

    TokenClaimsValidator(AuthProperties props) {
        this.props = props;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        String user = jwt.getClaimAsString(props.userClaim());
        if (user == null || !Caller.NAME.matcher(user).matches()) {
            return invalid("the token's '" + props.userClaim() + "' claim must name a user: 1-128 letters, digits, "
                    + "'_', '.', '@' or '-'");
        }
        String workspace = jwt.getClaimAsString(props.workspaceClaim());
        if (workspace != null && !Caller.NAME.matcher(workspace).matches()) {
            return invalid("the token's '" + props.workspaceClaim() + "' claim must name a workspace: 1-128 letters, "
                    + "digits, '_', '.', '@' or '-'");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
