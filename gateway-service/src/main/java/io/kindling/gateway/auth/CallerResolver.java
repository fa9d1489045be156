package io.kindling.gateway.auth;

import java.util.Collection;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a controller method the {@link Caller} its request was authenticated as. */
final class CallerResolver implements HandlerMethodArgumentResolver {

    private final AuthProperties props;

    CallerResolver(AuthProperties props) {
        this.props = props;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("a " + parameter.getMethod() + " call was not authenticated by a bearer "
                    + "token; the security filter chain should have refused it");
        }
        return caller(token.getToken(), props);
    }

    /** The caller a verified token names. Its claims were checked by {@link TokenClaimsValidator}. */
    static Caller caller(Jwt jwt, AuthProperties props) {
        String workspace = jwt.getClaimAsString(props.workspaceClaim());
        Object roles = jwt.getClaims().get(props.rolesClaim());
        Collection<?> list = roles instanceof Collection<?> c ? c : roles == null ? List.of() : List.of(roles);
        return new Caller(jwt.getClaimAsString(props.userClaim()), workspace == null ? props.defaultWorkspace()
                : workspace, list.stream().anyMatch(r -> props.adminRole().equals(String.valueOf(r))));
    }
}
