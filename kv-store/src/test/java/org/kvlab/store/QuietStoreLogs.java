package org.kvlab.store;

import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the write log's, the persistence's and the store's warnings out of the test output while a test injects the failures they
 * report: {@code @ExtendWith(QuietStoreLogs.class)}.
 */
final class QuietStoreLogs implements BeforeEachCallback, AfterEachCallback {

    private static final List<Logger> LOGGERS = List.of(Logger.getLogger(WriteAheadLog.class.getName()),
            Logger.getLogger(KvStore.class.getName()), Logger.getLogger(Persistence.class.getName()));

    @Override
    public void beforeEach(ExtensionContext context) {
        LOGGERS.forEach(logger -> logger.setUseParentHandlers(false));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LOGGERS.forEach(logger -> logger.setUseParentHandlers(true));
    }
}
