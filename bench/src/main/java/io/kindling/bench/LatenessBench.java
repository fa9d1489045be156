package io.kindling.bench;

import io.kindling.events.SessionIdle;
import io.kindling.platform.Platform;
import io.kindling.teardown.deadline.Deadline;
import io.kindling.teardown.deadline.DeadlinePlanner;
import io.kindling.teardown.deadline.DeadlineRepository;
import io.kindling.teardown.deadline.DeadlineState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deadline lateness: N deadlines scheduled in the running teardown-service, due over the next seconds;
 * fired-at minus due-at for each, as its sweeper fires them.
 */
final class LatenessBench {

    private LatenessBench() {
    }

    static void run(Platform platform, int count, Path report) throws Exception {
        ConfigurableApplicationContext teardown = platform.services().stream()
                .filter(c -> c.getBeanProvider(DeadlinePlanner.class).stream().findAny().isPresent())
                .findFirst().orElseThrow();
        DeadlinePlanner planner = teardown.getBean(DeadlinePlanner.class);
        DeadlineRepository deadlines = teardown.getBean(DeadlineRepository.class);
        TransactionTemplate tx = teardown.getBean(TransactionTemplate.class);
        Instant start = Instant.now();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String subject = "s-bench" + String.format("%011d", i);
            subjects.add(subject);
            Instant due = start.plusMillis(1_000 + 97L * i);
            tx.executeWithoutResult(s -> planner.onIdle(new SessionIdle(subject, 1, "kc-bench", start, 1, due)));
        }
        Thread.sleep(Duration.ofMillis(1_000 + 97L * count + 3_000).toMillis());
        List<Long> lateness = new ArrayList<>();
        for (String subject : subjects) {
            Deadline d = deadlines.bySubject(subject).get(0);
            if (d.state() != DeadlineState.FIRED) {
                throw new IllegalStateException("deadline " + d.id() + " did not fire: " + d.state());
            }
            lateness.add(Duration.between(d.dueAt(), d.firedAt()).toMillis());
        }
        List<Long> sorted = new ArrayList<>(lateness);
        sorted.sort(null);
        long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        Report.Row row = Report.row("deadline lateness: fired-at minus due-at (p99 " + p99 + " ms)", lateness);
        System.out.println(row.format());
        Report.write(report, "lateness", "Deadline lateness (N=" + count + ", sweep interval 250 ms)", List.of(row),
                "bin/kindling bench");
    }
}
