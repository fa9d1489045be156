package io.kindling.provisioning.cluster;

import io.kindling.events.JobAccepted;
import io.kindling.events.JobFailed;
import io.kindling.events.JobSucceeded;
import io.kindling.events.PoolAttached;
import io.kindling.events.PoolDetached;
import io.kindling.events.SessionEnded;
import io.kindling.events.SessionRequested;
import io.kindling.events.TeardownDue;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.inbox.EventHandlers;
import io.kindling.provisioning.pool.PoolPlacements;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** What provisioning-service does with each event it consumes. */
@Configuration(proxyBeanMethods = false)
class ClusterEventBindings {

    @Bean
    EventHandlers eventHandlers(Provisioner provisioner, ClusterRelease release, PoolPlacements pools) {
        return new EventHandlers()
                .on(PoolAttached.class, pools::onPoolAttached)
                .on(PoolDetached.class, pools::onPoolDetached)
                .on(SessionRequested.class, provisioner::onSessionRequested)
                .on(SessionEnded.class, release::onSessionEnded)
                .on(JobAccepted.class, provisioner::onJobAccepted)
                .on(JobSucceeded.class, release::onJobSucceeded)
                .on(JobFailed.class, release::onJobFailed)
                .on(TeardownDue.class, release::onTeardownDue);
    }

    @Bean
    Consumer<Message<List<byte[]>>> deadlineEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> jobEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> poolEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
