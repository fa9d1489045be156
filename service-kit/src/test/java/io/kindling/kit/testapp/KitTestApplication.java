package io.kindling.kit.testapp;

import io.kindling.events.SessionStopRequested;
import io.kindling.kit.ServiceKitConfiguration;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.inbox.EventHandlers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;

/** A minimal service built on the kit: it records every SessionStopRequested it applies. */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
public class KitTestApplication {

    public static final List<SessionStopRequested> APPLIED = new CopyOnWriteArrayList<>();

    @Bean
    EventHandlers eventHandlers(JdbcClient jdbc) {
        return new EventHandlers().on(SessionStopRequested.class, e -> {
            jdbc.sql("INSERT INTO widget (id, note) VALUES (:id, :note)")
                    .param("id", e.sessionId() + "/" + e.generation()).param("note", e.requestedBy()).update();
            if ("explode".equals(e.requestedBy())) {
                throw new IllegalStateException("handler failure on purpose");
            }
            APPLIED.add(e);
        });
    }

    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
