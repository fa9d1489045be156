package io.kindling.job.spec;

/**
 * What the job runs: a JVM main class or a Python file.
 *
 * @param kind  which of the two
 * @param value the class name ({@code org.example.Main}) or the file, relative to {@code code} ({@code main.py})
 */
public record JobEntry(Kind kind, String value) {

    /** The two entry points Azure ML allows; a spec names exactly one. */
    public enum Kind {
        /** {@code entry.class_name}: a main class on the classpath, from {@code jars} or {@code code}. */
        CLASS_NAME,
        /** {@code entry.file}: a Python script run with PySpark. */
        FILE
    }

    /** Whether the job needs PySpark. */
    public boolean isPython() {
        return kind == Kind.FILE;
    }
}
