package io.kindling.teardown.deadline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Internal reads: the deadlines of a session or cluster, for timelines. */
@RestController
class DeadlineController {

    private final DeadlineRepository deadlines;

    DeadlineController(DeadlineRepository deadlines) {
        this.deadlines = deadlines;
    }

    @GetMapping("/internal/deadlines")
    Map<String, Object> bySubject(@RequestParam String subject) {
        List<Map<String, Object>> all = deadlines.bySubject(subject).stream().map(DeadlineController::view).toList();
        return Map.of("deadlines", all);
    }

    private static Map<String, Object> view(Deadline d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
        view.put("subject", d.subject());
        view.put("state", d.state().name().toLowerCase(Locale.ROOT));
        view.put("createdAt", d.createdAt().toString());
        view.put("dueAt", d.dueAt().toString());
        view.put("firedAt", d.firedAt() == null ? null : d.firedAt().toString());
        view.put("cancelledAt", d.cancelledAt() == null ? null : d.cancelledAt().toString());
        return view;
    }
}
