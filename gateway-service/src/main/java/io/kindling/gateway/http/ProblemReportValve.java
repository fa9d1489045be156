package io.kindling.gateway.http;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Tomcat answers itself, for a request Spring never sees (a malformed request line, an encoded {@code /} or a
 * NUL in the path, headers over the size limit, {@code TRACE}) or for an error status set outside Spring MVC (a
 * request the firewall refused): an RFC 9457 problem like every other refusal of the API, not Tomcat's HTML page.
 * It gives the status only; what Tomcat saw may quote the request, and a problem does not echo it.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known == null ? "HTTP " + status : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail(status, known));
        problem.put("code", known == null ? "HTTP_" + status : known.name());
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client has gone, or the response was committed meanwhile: there is no one to tell
        }
    }

    private static String detail(int status, HttpStatus known) {
        return switch (status) {
            case 400 -> "the request was refused before it reached the API: its request line or headers are malformed "
                    + "or too large, or its path has a character the API does not take (an encoded '/', a NUL)";
            case 500 -> "an unexpected error occurred; it has been logged";
            default -> known == null ? "HTTP " + status : known.getReasonPhrase();
        };
    }
}
