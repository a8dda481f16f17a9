package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ScanResult;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.store.KvStore;

/**
 * The bytes the server's request path allocates per request, counted by the JVM for this thread
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}): requests go, as RESP bytes in one read
 * buffer, to the handler of a connection, whose replies go to one reused {@link OutputBuffer}, as a transport runs
 * them. Bytes are counted, not timed: a new allocation on the path of GET or SET fails these tests.
 */
final class RequestAllocationTest {

    private static final int KEYS = 100;
    private static final int ROUNDS = 100;
    private static final int REQUESTS = KEYS * ROUNDS;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final OutputBuffer out = new OutputBuffer();
    private KvStore store;
    private KvServer server;
    private ConnectionHandler handler;

    @BeforeEach
    void openConnection() {
        store = KvStore.inMemory();
        server = KvServer.builder().store(store).build();
        handler = server.handlers().newConnection(new TestConnection());
        handler.onOpen(out);
        StringBuilder fill = new StringBuilder();
        for (int k = 0; k < KEYS; k++) {
            fill.append(resp("SET", key(k), "abc"));
        }
        read(bytes(fill));
    }

    @AfterEach
    void close() {
        handler.onClose();
        server.close();
        store.close();
    }

    @Test
    void get_allocatesNothing() {
        ByteBuffer gets = requests(k -> resp("GET", key(k)));

        long perRequest = bytesPerRequest(gets);

        assertEquals(0, perRequest, "bytes allocated per GET");
    }

    @Test
    void set_ofAnExistingKeyWithAValueOfTheSameSize_allocatesNothing() {
        ByteBuffer sets = requests(k -> resp("SET", key(k), "xyz"));

        long perRequest = bytesPerRequest(sets);

        assertEquals(0, perRequest, "bytes allocated per SET");
        assertArrayEquals("xyz".getBytes(StandardCharsets.US_ASCII), store.get(bytes(key(7))));
    }

    @Test
    void getsAndSetsInterleaved_allocateNothing() {
        ByteBuffer mixed = requests(k -> k % 2 == 0 ? resp("SET", key(k), "xyz") : resp("GET", key(k - 1)));

        long perRequest = bytesPerRequest(mixed);

        assertEquals(0, perRequest, "bytes allocated per GET or SET");
        assertEquals("$3\r\nxyz\r\n", read(bytes(resp("GET", key(0)))));
    }

    @Test
    void hset_ofAnExistingField_allocatesOnlyItsFieldValuePair() {
        read(requests(k -> resp("HSET", "h" + key(k), "f", "v")).array());
        ByteBuffer hsets = requests(k -> resp("HSET", "h" + key(k), "f", "w"));

        long perRequest = bytesPerRequest(hsets);

        // the array of the field and value the effect records (24 bytes). A lambda capturing the arguments (24), an
        // effect object per write (32) or the parser's copies of the key, field and value (24 each) would come back
        // over it
        assertTrue(perRequest <= 24, "bytes allocated per HSET: " + perRequest);
        assertEquals("$1\r\nw\r\n", read(bytes(resp("HGET", "h" + key(5), "f"))));
    }

    @Test
    void zadd_ofAMemberAtItsScore_allocatesOnlyThePairItNames() {
        read(requests(k -> resp("ZADD", "z" + key(k), "1", "m")).array());
        ByteBuffer zadds = requests(k -> resp("ZADD", "z" + key(k), "1", "m"));

        long perRequest = bytesPerRequest(zadds);

        // the member and score the command hands the store: a ScoredMember (24 bytes) in a List.of (24). An operation
        // capturing the key, options and members (72 in all, after this class's other tests) or the parser's copies of
        // the arguments (128) would come back over it
        assertTrue(perRequest <= 48, "bytes allocated per ZADD: " + perRequest);
        assertEquals("$1\r\n1\r\n", read(bytes(resp("ZSCORE", "z" + key(5), "m"))));
    }

    @Test
    void typedWritesThatChangeNothing_andPopsOfMissingKeys_allocateNothing() {
        read(requests(k -> resp("SADD", "s" + key(k), "m")).array());
        // four commands, as many names as the parser keeps to hand out again
        ByteBuffer requests = requests(k -> resp("SADD", "s" + key(k), "m") + resp("LPOP", "l" + key(k))
                + resp("SPOP", "p" + key(k)) + resp("ZPOPMIN", "z" + key(k)));

        long perRequest = bytesPerRequest(requests, 4);

        assertEquals(0, perRequest, "bytes allocated per SADD of a member the set has, or pop of a missing key");
    }

    @Test
    void pushAndPopOfOneElement_allocateOnlyTheElementsCopies() {
        read(requests(k -> resp("RPUSH", "l" + key(k), "first")).array());
        ByteBuffer requests = requests(k -> resp("RPUSH", "l" + key(k), "abc") + resp("LPOP", "l" + key(k))
                + resp("LPUSH", "l" + key(k), "abc") + resp("RPOP", "l" + key(k)));

        long perRequest = bytesPerRequest(requests, 4);

        // a pop's copy of the element it replies with (24 bytes), every other request: 12 a request. An operation's
        // lambda (24 or more), a boxed length or an effect object per write (32) would come back over it
        assertTrue(perRequest <= 12, "bytes allocated per push or pop: " + perRequest);
        assertEquals("*1\r\n$3\r\nabc\r\n", read(bytes(resp("LRANGE", "l" + key(3), "0", "-1"))));
    }

    @Test
    void setInPlace_abortsTheTransactionOfAConnectionThatWatchesTheKey() {
        ConnectionHandler watcher = server.handlers().newConnection(new TestConnection());
        OutputBuffer watcherOut = new OutputBuffer();
        watcher.onOpen(watcherOut);
        watcher.onRead(ByteBuffer.wrap(bytes(resp("WATCH", key(3)) + resp("MULTI") + resp("GET", key(3)))),
                watcherOut);

        read(bytes(resp("SET", key(3), "xyz")));
        watcher.onRead(ByteBuffer.wrap(bytes(resp("EXEC"))), watcherOut);

        assertEquals("+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n",
                new String(watcherOut.array(), 0, watcherOut.size(), StandardCharsets.ISO_8859_1));
        watcher.onClose();
    }

    @Test
    void reusedArguments_neverChangeWhatTheStoreKept() {
        String replies = read(bytes(resp("SET", "a", "one") + resp("SET", "b", "two") + resp("GET", "a")
                + resp("SET", "a", "six") + resp("GET", "b") + resp("GET", "a")));

        assertEquals("+OK\r\n+OK\r\n$3\r\none\r\n+OK\r\n$3\r\ntwo\r\n$3\r\nsix\r\n", replies);
        assertArrayEquals(bytes("six"), store.get(bytes("a")));
        assertArrayEquals(bytes("two"), store.get(bytes("b")));
    }

    @Test
    void popsKeepNoArgument_andTheirReusedKeysPopWhatTheyNamed() {
        String replies = read(bytes(resp("RPUSH", "l1", "a", "b") + resp("RPUSH", "l2", "c", "d")
                + resp("SADD", "s1", "x") + resp("ZADD", "z1", "1", "m") + resp("LPOP", "l1") + resp("RPOP", "l2")
                + resp("LPOP", "l1") + resp("SPOP", "s1") + resp("ZPOPMIN", "z1") + resp("LPOP", "l2")
                + resp("EXISTS", "l1") + resp("EXISTS", "s1") + resp("EXISTS", "z1") + resp("LPOP", "l2")));

        assertEquals(":2\r\n:2\r\n:1\r\n:1\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nx\r\n*2\r\n$1\r\nm\r\n$1\r\n1\r\n"
                + "$1\r\nc\r\n:0\r\n:0\r\n:0\r\n$-1\r\n", replies);
    }

    @Test
    void argumentsACommandKeeps_areNotReused() {
        String replies = read(bytes(resp("SETNX", "l", "abc") + resp("SET", "k", "xyz") + resp("MULTI")
                + resp("SET", "q", "def") + resp("SET", "r", "uvw") + resp("EXEC") + resp("GET", "l")
                + resp("GET", "q")));

        assertEquals(":1\r\n+OK\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+OK\r\n$3\r\nabc\r\n"
                + "$3\r\ndef\r\n", replies);
        assertArrayEquals(bytes("uvw"), store.get(bytes("r")));
    }

    @Test
    void mset_ofExistingKeysWithValuesOfTheSameSize_copiesNoValue() {
        ByteBuffer msets = requests(k -> resp("MSET", key(k), "uvw", "m" + key(k), "xyz"));

        long perRequest = bytesPerRequest(msets);

        // the command's arrays of keys and values and the store's of hashes and nodes (24 each for two pairs: 96
        // bytes, measured), and the lambda that holds new keyspace events when the compiler leaves it on the heap
        // (32). A copy of each value (24 each) or the parser's copies of the arguments (24 or more each) would come
        // back over it
        assertTrue(perRequest <= 128, "bytes allocated per MSET: " + perRequest);
        assertEquals("$3\r\nxyz\r\n", read(bytes(resp("GET", "m" + key(5)))));
    }

    @Test
    void msetKeepsNoArgument_soReusedArraysNeverChangeWhatItStored() {
        String replies = read(bytes(resp("MSET", "m1", "abc", "m2", "def") + resp("MSET", "m3", "ghi", "m4", "jkl")
                + resp("MSETNX", "m5", "mno", "m6", "pqr") + resp("MGET", "m1", "m2", "m3", "m4", "m5", "m6")));
        Set<String> keys = twoByteKeys();

        assertEquals("+OK\r\n+OK\r\n:1\r\n*6\r\n$3\r\nabc\r\n$3\r\ndef\r\n$3\r\nghi\r\n$3\r\njkl\r\n"
                + "$3\r\nmno\r\n$3\r\npqr\r\n", replies);
        assertEquals(Set.of("m1", "m2", "m3", "m4", "m5", "m6"), keys, "the keys the store holds");
    }

    @Test
    void typedWritesKeepNoArgument_soReusedArraysNeverChangeWhatTheyStored() {
        String replies = read(bytes(resp("CONFIG", "SET", "hash-max-listpack-entries", "0")
                + resp("CONFIG", "SET", "zset-max-listpack-entries", "0")
                // each command's key and same-length arguments are read into the arrays of the one before it
                + resp("RPUSH", "l1", "abc") + resp("SADD", "s1", "def") + resp("HSET", "h1", "fgh", "ijk")
                + resp("ZADD", "z1", "1", "lmn") + resp("ZADD", "z1", "2", "lmn") + resp("LPUSH", "l2", "opq")
                + resp("HSET", "h2", "rst", "uvw")));
        String contents = read(bytes(resp("LRANGE", "l1", "0", "-1") + resp("SMEMBERS", "s1")
                + resp("HGETALL", "h1") + resp("ZRANGE", "z1", "0", "-1", "WITHSCORES")
                + resp("LRANGE", "l2", "0", "-1")));
        Set<String> keys = twoByteKeys();

        assertEquals("+OK\r\n+OK\r\n:1\r\n:1\r\n:1\r\n:1\r\n:0\r\n:1\r\n:1\r\n", replies);
        assertEquals("*1\r\n$3\r\nabc\r\n*1\r\n$3\r\ndef\r\n*2\r\n$3\r\nfgh\r\n$3\r\nijk\r\n"
                + "*2\r\n$3\r\nlmn\r\n$1\r\n2\r\n*1\r\n$3\r\nopq\r\n", contents);
        assertEquals(Set.of("l1", "s1", "h1", "z1", "l2", "h2"), keys, "the keys the store holds");
        assertEquals("hashtable", store.encoding(bytes("s1")));
        assertEquals("hashtable", store.encoding(bytes("h1")));
        assertEquals("skiplist", store.encoding(bytes("z1")));
    }

    /**
     * Returns the store's keys of two bytes, found by a scan: a lookup with a reused array could match by identity and
     * hide a key that changed.
     */
    private Set<String> twoByteKeys() {
        Set<String> keys = new TreeSet<>();
        long cursor = 0;
        do {
            ScanResult scanned = store.scan(cursor, 1000, key -> key.length == 2);
            scanned.keys().forEach(key -> keys.add(new String(key, StandardCharsets.US_ASCII)));
            cursor = scanned.cursor();
        } while (cursor != 0);
        return keys;
    }

    /**
     * Runs the read until the path is compiled, then returns the least bytes allocated per request over 10,000 in
     * any of 20 measurements: on a busy machine the compiler may finish (and remove the allocations escape analysis
     * removes) only after the first ones.
     */
    private long bytesPerRequest(ByteBuffer read) {
        return bytesPerRequest(read, 1);
    }

    /** {@link #bytesPerRequest(ByteBuffer)} of a read that sends {@code perKey} requests for each key. */
    private long bytesPerRequest(ByteBuffer read, int perKey) {
        for (int i = 0; i < 50; i++) {
            runRounds(read);
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 20 && least > 0; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            runRounds(read);
            least = Math.min(least, (threads.getCurrentThreadAllocatedBytes() - before) / (REQUESTS * perKey));
        }
        return least;
    }

    private void runRounds(ByteBuffer read) {
        for (int r = 0; r < ROUNDS; r++) {
            read.position(0);
            handler.onRead(read, out);
            out.clear();
        }
    }

    private String read(byte[] requests) {
        handler.onRead(ByteBuffer.wrap(requests), out);
        String replies = new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1);
        out.clear();
        return replies;
    }

    private static ByteBuffer requests(java.util.function.IntFunction<String> request) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < KEYS; k++) {
            sb.append(request.apply(k));
        }
        return ByteBuffer.wrap(bytes(sb));
    }

    private static String key(int k) {
        return String.format("key:%06d", k);
    }

    private static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String resp(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    /** A loopback connection that the test never closes. */
    private static final class TestConnection implements Connection {
        private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 6379);

        @Override
        public long id() {
            return 1;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return LOOPBACK;
        }

        @Override
        public InetSocketAddress localAddress() {
            return LOOPBACK;
        }

        @Override
        public void close() {
        }

        @Override
        public void wake() {
        }

        @Override
        public long unwrittenBytes() {
            return 0;
        }
    }
}
