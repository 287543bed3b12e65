package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LabelValuesTest {

    private static CompletableFuture<Optional<String>> readAsync(LabelValues values) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return values.next();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void firstReadReturnsTheUnsetLabelOnceSynced() throws Exception {
        var values = new LabelValues();
        values.synced("");

        assertThat(values.next()).contains("");
    }

    @Test
    void firstReadWaitsForTheSyncNotForAnEvent() throws Exception {
        var values = new LabelValues();
        values.set("a"); // an add event delivered before the sync completes
        var first = readAsync(values);
        assertThat(first).isNotDone();

        values.synced("a");

        assertThat(first.get(10, TimeUnit.SECONDS)).contains("a");
    }

    @Test
    void laterReadsWaitForADifferentValue() throws Exception {
        var values = new LabelValues();
        values.synced("a");
        values.next();

        var second = readAsync(values);
        values.set("a");
        assertThat(second).isNotDone();
        values.set("b");

        assertThat(second.get(10, TimeUnit.SECONDS)).contains("b");
    }

    @Test
    void valuesDoNotQueueOnlyTheNewestIsRead() throws Exception {
        var values = new LabelValues();
        values.synced("");
        values.next();
        values.set("a");
        values.set("b");

        assertThat(values.next()).contains("b");
    }

    @Test
    void closeReleasesABlockedReader() throws Exception {
        var values = new LabelValues();
        var reader = readAsync(values);

        values.close();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void failureIsThrownToTheReader() {
        var values = new LabelValues();
        values.fail(new ConfigManagerException("error watching node n: forbidden"));

        assertThatThrownBy(values::next).hasMessage("error watching node n: forbidden");
    }

    @Test
    void blockedReaderSeesALaterFailure() {
        var values = new LabelValues();
        var reader = readAsync(values);

        values.fail(new ConfigManagerException("boom"));

        await().atMost(10, TimeUnit.SECONDS).until(reader::isDone);
        assertThat(reader).isCompletedExceptionally();
    }
}
