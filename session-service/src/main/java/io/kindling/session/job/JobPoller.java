package io.kindling.session.job;

import io.kindling.kit.job.JobsProperties;
import io.kindling.kit.loop.BackgroundLoop;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Asks the clusters of running jobs how their drivers are, every {@code kindling.jobs.poll-interval}. */
@Component
class JobPoller extends BackgroundLoop {

    private final JobRunner runner;
    private final JobsProperties props;

    JobPoller(JobRunner runner, JobsProperties props) {
        super("job-poller");
        this.runner = runner;
        this.props = props;
    }

    @Override
    protected void round() {
        runner.poll();
    }

    @Override
    protected void idle() throws InterruptedException {
        Thread.sleep(props.pollInterval().toMillis());
    }

    @Override
    protected Duration firstBackoff() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected Duration maxBackoff() {
        return Duration.ofSeconds(30);
    }
}
