package io.kindling.session.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SparkSubmissionsTest {

    /** What answered at a REST URL whose port another process took: a web page, not the master's JSON. */
    @Test
    void anAnswerThatIsNotTheRestServersIsASubmissionFailure() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] page = "<html><body>Spark Worker at 127.0.0.1</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();
        try {
            SparkSubmissions submissions = new SparkSubmissions(JsonMapper.builder().build(), "4.2.0",
                    Duration.ofSeconds(5));
            String rest = "http://127.0.0.1:" + other.getAddress().getPort();

            assertThatThrownBy(() -> submissions.submit(rest, new SparkSubmissions.Submission("file:/app.jar",
                    "org.example.Main", List.of(), Map.of("spark.master", "spark://127.0.0.1:1"))))
                    .isInstanceOf(SparkSubmissions.SubmissionException.class)
                    .hasMessageContaining("answered 200").hasMessageContaining("not the master's REST server")
                    .hasMessageContaining("Spark Worker");
            assertThatThrownBy(() -> submissions.status(rest, "driver-1"))
                    .isInstanceOf(SparkSubmissions.SubmissionException.class);
        } finally {
            other.stop(0);
        }
    }
}
