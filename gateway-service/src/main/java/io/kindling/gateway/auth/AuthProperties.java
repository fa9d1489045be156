package io.kindling.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway authenticates callers: every {@code /api/v1} call carries a bearer JWT.
 *
 * @param issuerUri      an OIDC issuer (its {@code /.well-known/openid-configuration} names the signing keys);
 *                       when unset, tokens are signed with the local key in {@code signingKeyFile}
 * @param signingKeyFile the local HMAC key (created on first start, readable by its owner only), which
 *                       {@code bin/kindling token} signs with too
 * @param userClaim      the claim that names the user
 * @param workspaceClaim the claim that names the caller's workspace
 * @param rolesClaim     the claim that lists the caller's roles
 * @param adminRole      the role that makes a caller an admin of their workspace
 * @param defaultWorkspace the workspace of a token that names none
 */
@Validated
@ConfigurationProperties("kindling.gateway.auth")
public record AuthProperties(URI issuerUri,
                             @NotNull Path signingKeyFile,
                             @NotBlank @DefaultValue("sub") String userClaim,
                             @NotBlank @DefaultValue("workspace") String workspaceClaim,
                             @NotBlank @DefaultValue("roles") String rolesClaim,
                             @NotBlank @DefaultValue("workspace-admin") String adminRole,
                             @NotBlank @DefaultValue("default") String defaultWorkspace) {
}
