package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.HashEntry;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SetOptions;
import org.kvlab.api.ZAddOptions;

/**
 * A typed write to a key whose value expired makes a new collection, and a restart recovers exactly that: an expired
 * key leaves memory without a log record, so the log still holds it when the write is replayed.
 */
final class ExpiredKeyWriteTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void aListPushedOntoAStringThatExpired_isRecovered() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            store.set(b("k"), b("old"), new SetOptions(SetOptions.Condition.ALWAYS, clock.millis() + 10, false, false));
            clock.advance(20);
            store.lists().push(b("k"), ListEnd.RIGHT, b("new"));
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            assertEquals("list [new] @-1", KeyContents.describe(reopened, b("k")));
        }
    }

    @Test
    void aCollectionWrittenAfterItsNamesakeExpired_isRecoveredWithoutTheExpiredOne() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            store.lists().push(b("list"), ListEnd.RIGHT, b("a"), b("b"));
            store.hashes().set(b("hash"), List.of(new HashEntry(b("f"), b("1")), new HashEntry(b("g"), b("2"))));
            store.sets().add(b("set"), b("1"), b("2"));
            store.sortedSets().add(b("zset"), ZAddOptions.DEFAULT, List.of(new ScoredMember(b("m"), 1)));
            for (String key : List.of("list", "hash", "set", "zset")) {
                store.expire(b(key), clock.millis() + 10, ExpireCondition.ALWAYS);
            }
            clock.advance(20);
            assertEquals(0, store.lists().length(b("list")), "expired, and removed as it is read");
            store.lists().push(b("list"), ListEnd.RIGHT, b("c"));
            store.hashes().incrBy(b("hash"), b("f"), 5);
            store.sets().add(b("set"), b("3"));
            store.sortedSets().incrementBy(b("zset"), b("n"), 2);
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            assertEquals(Map.of("list", "list [c] @-1", "hash", "hash {f=5} @-1", "set", "set [3] @-1",
                    "zset", "zset [n=2.0] @-1"), KeyContents.all(reopened));
        }
    }

    @Test
    void aMoveOntoAListThatExpired_isRecoveredWithTheDeleteBetweenItsEffects() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            store.lists().push(b("source"), ListEnd.RIGHT, b("a"), b("b"));
            store.lists().push(b("target"), ListEnd.RIGHT, b("old"));
            store.expire(b("target"), clock.millis() + 10, ExpireCondition.ALWAYS);
            clock.advance(20);
            store.lists().move(b("source"), b("target"), ListEnd.LEFT, ListEnd.RIGHT);
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            assertEquals(Map.of("source", "list [b] @-1", "target", "list [a] @-1"), KeyContents.all(reopened));
        }
    }

    @Test
    void aCollectionCreatedAfterARestartPurgedItsExpiredNamesake_isRecovered() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            store.sets().add(b("set"), b("old"));
            store.expire(b("set"), clock.millis() + 10, ExpireCondition.ALWAYS);
        }
        clock.advance(20);
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            store.sets().add(b("set"), b("new"));
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            assertEquals("set [new] @-1", KeyContents.describe(reopened, b("set")));
        }
    }

    @Test
    void aListThatExpiresWhileAPopRuns_isPoppedAsThePopSawIt() {
        TickingClock clock = new TickingClock(1_700_000_000_000L);
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            store.lists().push(b("list"), ListEnd.RIGHT, b("a"), b("b"), b("c"));
            store.expire(b("list"), clock.millis() + 1, ExpireCondition.ALWAYS);
            clock.tickOnEachRead();
            // the pop's first clock read sees the list live, every later one expired
            assertEquals("a", new String(store.lists().pop(b("list"), ListEnd.LEFT), UTF_8));
            assertEquals(0, store.lists().length(b("list")));
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            assertEquals(Map.of(), KeyContents.all(reopened));
        }
    }

    @Test
    void typedOperationsOnKeysWithoutExpiry_readNoClock_andOnAKeyWithOne_readItOnce() {
        TickingClock clock = new TickingClock(1_700_000_000_000L);
        try (KvStore store = KvStore.builder().clock(clock).build()) {
            store.lists().push(b("list"), ListEnd.RIGHT, b("a"));
            store.sets().add(b("set"), b("1"));
            clock.tickOnEachRead();

            store.lists().push(b("list"), ListEnd.RIGHT, b("b"));
            store.lists().pop(b("list"), ListEnd.LEFT);
            store.sets().add(b("set"), b("2"));
            store.hashes().set(b("new"), b("f"), b("v"));

            assertEquals(1_700_000_000_000L, clock.millisWithoutTicking(), "clock reads");
            store.expire(b("set"), 1_700_000_010_000L, ExpireCondition.ALWAYS);
            long before = clock.millisWithoutTicking();
            store.sets().add(b("set"), b("3"));
            assertEquals(before + 1, clock.millisWithoutTicking(), "an operation on a key with an expiry reads once");
        }
    }

    /**
     * A clock that stands still until {@link #tickOnEachRead()}; from then on each read by the thread that called it
     * returns one millisecond more than the last (other threads read without moving it).
     */
    private static final class TickingClock extends Clock {

        private volatile long millis;
        private volatile Thread ticking;

        TickingClock(long startMillis) {
            this.millis = startMillis;
        }

        void tickOnEachRead() {
            ticking = Thread.currentThread();
        }

        /** Returns the time, without moving it: one millisecond more than the start for each read since the first. */
        long millisWithoutTicking() {
            return millis;
        }

        @Override
        public long millis() {
            if (Thread.currentThread() == ticking) {
                millis++;
            }
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("withZone");
        }
    }
}
