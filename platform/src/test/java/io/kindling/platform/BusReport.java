package io.kindling.platform;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What each service published and applied lately, for the message of a test that waited in vain: whether an event
 * left its outbox late or only after retries, and when (if at all) a consumer applied it. A CI run on a loaded
 * machine is often the only place a slow hop shows, and its log is all there is to read afterwards.
 */
final class BusReport {

    private static final int ROWS = 25;

    private BusReport() {
    }

    static String of(Platform platform, Duration window) {
        Timestamp since = Timestamp.from(Instant.now().minus(window));
        StringBuilder report = new StringBuilder("\nbus over the last ").append(window.toSeconds()).append(" s:");
        for (ConfigurableApplicationContext service : platform.services()) {
            String name = service.getEnvironment().getProperty("spring.application.name");
            try {
                JdbcClient jdbc = service.getBean(JdbcClient.class);
                List<String> sent = jdbc.sql("""
                        SELECT event_type || ' ' || aggregate_id || ' written ' || created_at || ' sent '
                               || coalesce(sent_at::text, 'NOT YET') || ' attempts ' || attempts
                               || coalesce(' last error ' || last_error, '')
                        FROM outbox WHERE created_at > :since ORDER BY id DESC LIMIT :rows
                        """).param("since", since).param("rows", ROWS).query(String.class).list();
                List<String> applied = jdbc.sql("""
                        SELECT event_type || ' ' || subject || ' ' || outcome || ' ' || processed_at
                        FROM processed_event WHERE processed_at > :since ORDER BY processed_at DESC LIMIT :rows
                        """).param("since", since).param("rows", ROWS).query(String.class).list();
                report.append("\n  ").append(name).append(" outbox (newest first): ").append(sent)
                        .append("\n  ").append(name).append(" applied (newest first): ").append(applied);
            } catch (RuntimeException e) {
                report.append("\n  ").append(name).append(": not readable (").append(e.getMessage()).append(')');
            }
        }
        return report.toString();
    }
}
