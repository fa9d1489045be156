package io.kindling.agent.statement;

import java.util.List;

/**
 * A statement's error as its language reports it (a Python exception's type, message and traceback lines), to be
 * shown as such rather than as the Java exception that carried it.
 */
public final class StatementFailure extends Exception {

    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    public StatementFailure(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue, null, false, false);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
