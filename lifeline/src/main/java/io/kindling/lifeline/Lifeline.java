package io.kindling.lifeline;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the processes this JVM starts to its life: when the JVM ends, however it ends (a stop, a crash, {@code kill
 * -9}), what is still tied is signalled and, if it has not gone within ten seconds, killed. Spark daemons, drivers,
 * pip builds and the embedded PostgreSQL are tied so; their owners untie them when they stop them themselves.
 *
 * <p>How: one small shell per JVM, the reaper, reads this JVM's instructions on its standard input, a pipe whose only
 * writer is this JVM. However the JVM ends, the kernel closes that pipe, and the reaper then signals what is still
 * tied. The reaper runs in a session of its own ({@code setsid}), so a Ctrl-C in the terminal, which the whole
 * foreground process group receives, does not end it before the JVM has stopped. A process started through
 * {@link #start} leads a process group of its own, and is tied as that group: what it starts (a worker's executors,
 * pip's build backends) goes with it, and whatever of the group is left when its leader exits is killed then.
 *
 * <p>Where {@code setsid} is missing (not Linux), processes are tied one by one and the reaper shares this JVM's
 * process group.
 */
public final class Lifeline {

    private static final Logger log = LoggerFactory.getLogger(Lifeline.class);

    /** Signals the reaper sends. */
    public enum Signal {
        /** PostgreSQL's fast shutdown. */
        INT,
        /** A graceful stop (a JVM runs its shutdown hooks). */
        TERM,
        /** No last word. */
        KILL
    }

    /**
     * The reaper. Each line it reads is {@code <op> <signal> <target>}: {@code +} ties the target (a pid, or
     * {@code -<pgid>} for a process group), {@code -} unties it, {@code !} signals it now and unties it. At the end of
     * its input it signals what is still tied, waits up to ten seconds for it to go, and kills what has not.
     */
    private static final String REAPER = """
            trap '' INT HUP QUIT TERM PIPE
            tied=''
            untie() { kept=''; for t in $tied; do [ "$t" = "$1" ] || kept="$kept $t"; done; tied=$kept; }
            while IFS=' ' read -r op sig target; do
              case "$op" in
                +) tied="$tied $sig:$target" ;;
                -) untie "$sig:$target" ;;
                !) kill -s "$sig" -- "$target" 2>/dev/null; untie "$sig:$target" ;;
              esac
            done
            for t in $tied; do kill -s "${t%%:*}" -- "${t#*:}" 2>/dev/null; done
            i=0
            while [ "$i" -lt 50 ]; do
              left=''
              for t in $tied; do kill -0 -- "${t#*:}" 2>/dev/null && left="$left $t"; done
              [ -z "$left" ] && exit 0
              tied=$left; i=$((i + 1)); sleep 0.2
            done
            for t in $tied; do kill -s KILL -- "${t#*:}" 2>/dev/null; done
            """;

    private static final Lifeline THIS_JVM = new Lifeline(findSetsid());

    private final Optional<String> setsid;
    private Process reaper;
    private Writer instructions;

    private Lifeline(Optional<String> setsid) {
        this.setsid = setsid;
    }

    /** The lifeline of this JVM (its reaper starts with the first tie). */
    public static Lifeline ofThisJvm() {
        return THIS_JVM;
    }

    /** Undoes a tie: the owner stopped the process itself, or the process is no longer there. */
    public interface Tie extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts {@code builder}'s command as the leader of a process group of its own, tied to this JVM: the group is
     * killed if this JVM ends first, and whatever is left of it is killed when the leader exits. The builder's
     * command is left as it was.
     */
    public Process start(ProcessBuilder builder) throws IOException {
        List<String> command = builder.command();
        Process process;
        if (setsid.isPresent()) {
            List<String> inGroup = new ArrayList<>(command.size() + 1);
            inGroup.add(setsid.get());
            inGroup.addAll(command);
            builder.command(inGroup);
        }
        try {
            process = builder.start();
        } finally {
            builder.command(command);
        }
        // setsid execs the command in place: its pid is the command's, and it leads the new group
        String target = setsid.isPresent() ? "-" + process.pid() : String.valueOf(process.pid());
        send("+", Signal.KILL, target);
        process.onExit().thenRun(() -> send("!", Signal.KILL, target));
        return process;
    }

    /**
     * Ties a process this JVM did not start as a group leader (PostgreSQL's postmaster, which pg_ctl starts in a
     * session of its own): {@code signal} goes to it if this JVM ends first, then SIGKILL if it has not gone ten
     * seconds later.
     */
    public Tie tie(long pid, Signal signal) {
        String target = String.valueOf(pid);
        send("+", signal, target);
        return () -> send("-", signal, target);
    }

    /** The reaper's pid, once there is one (tests). */
    public synchronized Optional<Long> reaperPid() {
        return reaper == null ? Optional.empty() : Optional.of(reaper.pid());
    }

    private synchronized void send(String op, Signal signal, String target) {
        try {
            if (reaper == null || !reaper.isAlive()) {
                startReaper();
            }
            instructions.write(op + " " + signal.name() + " " + target + "\n");
            instructions.flush();
        } catch (IOException e) {
            // the reaper is gone (killed on its own); the next instruction starts another, this one is lost
            log.warn("lifeline: could not tell the reaper '{} {} {}': {}", op, signal, target, e.toString());
            reaper = null;
        }
    }

    private void startReaper() throws IOException {
        List<String> command = new ArrayList<>();
        setsid.ifPresent(command::add);
        command.addAll(List.of("/bin/sh", "-c", REAPER, "kindling-lifeline-of-" + ProcessHandle.current().pid()));
        reaper = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        instructions = new OutputStreamWriter(reaper.getOutputStream(), StandardCharsets.US_ASCII);
    }

    private static Optional<String> findSetsid() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin", "/bin"))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "setsid")).filter(Files::isExecutable)
                .map(Path::toString).findFirst();
    }
}
