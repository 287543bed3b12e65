package io.nvdp.bootstrap.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemon's SLF4J binding: one line per event on stderr, as a daemon under kubelet logs. It takes
 * the place of slf4j-simple, whose {@code SimpleDateFormat} timestamps load the JDK's locale data
 * on the way to serving (30-40 ms of a start with the AOT cache, more without); see
 * {@link DaemonLoggers} for the format and the levels.
 */
public final class DaemonLogging implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private volatile ILoggerFactory loggers;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        loggers = DaemonLoggers.fromSystemProperties(System.err);
    }
}
