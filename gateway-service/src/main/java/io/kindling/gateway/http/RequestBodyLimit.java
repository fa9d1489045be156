package io.kindling.gateway.http;

import io.kindling.kit.problem.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body but an upload: a JSON or YAML body over {@link #MAX_BYTES} is refused with 413
 * {@code CONTENT_TOO_LARGE} when it is first read, by its {@code Content-Length} or, sent in chunks, as it is counted,
 * so a huge body is never parsed into memory. Uploads ({@code multipart/form-data}) have their own limits:
 * {@code spring.servlet.multipart.*} for files and Tomcat's {@code max-http-form-post-size} for text parts.
 */
@Component
class RequestBodyLimit extends OncePerRequestFilter {

    /** Far more than any request but an upload needs: a statement's 1 MiB of code, a session's 200 conf entries. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean upload = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
        chain.doFilter(upload ? request : new Limited(request), response);
    }

    static ApiProblem tooLarge() {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "CONTENT_TOO_LARGE", "the request body is larger than "
                + MAX_BYTES / (1024 * 1024) + " MiB, the most this API reads but for an upload (multipart/form-data)")
                .with("limit", MAX_BYTES);
    }

    /** The request, its body read through a {@link LimitedStream}. */
    private static final class Limited extends HttpServletRequestWrapper {

        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), getContentLengthLong());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** Throws {@link #tooLarge()} on the first read of a body that says it is too large, or once it has been. */
    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long declared;
        private long read;

        LimitedStream(ServletInputStream in, long declared) {
            this.in = in;
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                check(n);
            }
            return n;
        }

        private void check(int more) {
            read += more;
            if (declared > MAX_BYTES || read > MAX_BYTES) {
                throw tooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
