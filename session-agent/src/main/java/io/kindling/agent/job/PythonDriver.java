package io.kindling.agent.job;

import java.io.File;
import java.net.URI;
import org.apache.spark.deploy.PythonRunner;
import org.apache.spark.util.Utils;

/**
 * The main class of a Python batch job's driver, run by a standalone worker like any cluster-mode driver (the master's
 * REST server takes it, although spark-submit refuses Python in standalone cluster mode):
 * {@code PythonDriver <main.py> <py-files,...> [args...]}, the arguments of Spark's own {@link PythonRunner}.
 *
 * <p>Before the Python program starts, the job's conda environment (the archive in
 * {@code spark.kindling.python.environment}) is unpacked as {@code ./environment} in the driver's directory and its
 * {@code bin/python} becomes the driver's interpreter ({@code spark.pyspark.driver.python}); the executors find
 * their own copy through {@code spark.pyspark.python}. Then PythonRunner runs the program against a Py4J gateway
 * in this JVM and exits with its exit code (its output, merged, in this driver's stdout). When this JVM is stopped
 * (a kill), the Python program is stopped with it.
 */
public final class PythonDriver {

    static final String ENVIRONMENT = "spark.kindling.python.environment";

    private PythonDriver() {
    }

    public static void main(String[] args) {
        String archive = System.getProperty(ENVIRONMENT);
        if (archive != null && !archive.isBlank()) {
            File environment = new File("environment").getAbsoluteFile();
            Utils.unpack(new File(URI.create(archive)), environment);
            System.setProperty("spark.pyspark.driver.python", new File(environment, "bin/python").getPath());
        }
        // the Python program is this JVM's child: it goes when the JVM goes
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy), "kindling-python-driver-stop"));
        PythonRunner.main(args);
    }
}
