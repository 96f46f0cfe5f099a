package io.thinslice.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class PatientDataLogFilterTest {

    private static final String ID = "PID-8472-ZQX";
    private final PatientDataLogFilter filter = new PatientDataLogFilter();

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void parametersOfAnSlf4jStyleRecordAreRedactedAfterFormatting() {
        ExtLogRecord r = new ExtLogRecord(Level.FINE, "request {} took {} ms", ExtLogRecord.FormatStyle.PRINTF, "io.vertx.Test");
        r.setMessage("request %s took %d ms", ExtLogRecord.FormatStyle.PRINTF);
        r.setParameters(new Object[] {"/dicom-web/studies?PatientID=" + ID, 12});
        assertTrue(filter.isLoggable(r));
        assertEquals("request /dicom-web/studies?PatientID=(redacted) took 12 ms", r.getFormattedMessage());
    }

    @Test
    void aPlainRecordWithoutPatientDataIsLeftAlone() {
        ExtLogRecord r = new ExtLogRecord(Level.INFO, "series {0} done", ExtLogRecord.FormatStyle.MESSAGE_FORMAT, "io.thinslice.X");
        r.setParameters(new Object[] {"1.2.3"});
        assertTrue(filter.isLoggable(r));
        assertEquals("series 1.2.3 done", r.getFormattedMessage());
        assertEquals("series {0} done", r.getMessage(), "untouched");
    }

    @Test
    void exceptionMessagesQuotingADataSetAreRedactedDownTheCauseChain() {
        IOException cause = new IOException("cannot parse (0x0010,0x0020) PatientID VR=<LO> VL=<0xc> <" + ID + ">");
        RuntimeException top = new RuntimeException("wrapped", cause);
        LogRecord r = new LogRecord(Level.WARNING, "failed");
        r.setThrown(top);
        assertTrue(filter.isLoggable(r));
        String printed = stackTrace(r.getThrown());
        assertFalse(printed.contains(ID), printed);
        assertTrue(printed.contains("java.io.IOException: cannot parse (0x0010,0x0020) PatientID"), printed);
        assertTrue(printed.contains("java.lang.RuntimeException: wrapped"), printed);
        assertEquals(top.getStackTrace()[0], r.getThrown().getStackTrace()[0], "the stack is kept");
        LogRecord clean = new LogRecord(Level.WARNING, "failed");
        IOException plain = new IOException("disk full");
        clean.setThrown(plain);
        assertTrue(filter.isLoggable(clean));
        assertSame(plain, clean.getThrown(), "an exception without patient data is kept as it is");
    }

    @Test
    void pixelMedTraceIsDroppedAndItsDebugKept() {
        LogRecord trace = new LogRecord(Level.FINER, "Association[1]: Them:\n...");
        trace.setLoggerName("com.pixelmed.network.Association");
        assertFalse(filter.isLoggable(trace));
        LogRecord debug = new LogRecord(Level.FINE, "receiveAndProcessOneRequestMessage(): start");
        debug.setLoggerName("com.pixelmed.network.StorageSOPClassSCP");
        assertTrue(filter.isLoggable(debug));
    }
}
