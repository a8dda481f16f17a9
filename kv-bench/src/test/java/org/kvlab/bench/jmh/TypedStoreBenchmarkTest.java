package org.kvlab.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvlab.api.ScoredMember;
import org.kvlab.bench.jmh.TypedStoreBenchmark.HashState;
import org.kvlab.bench.jmh.TypedStoreBenchmark.JdkHash;
import org.kvlab.bench.jmh.TypedStoreBenchmark.JdkList;
import org.kvlab.bench.jmh.TypedStoreBenchmark.JdkSet;
import org.kvlab.bench.jmh.TypedStoreBenchmark.JdkSortedSet;
import org.kvlab.bench.jmh.TypedStoreBenchmark.ListState;
import org.kvlab.bench.jmh.TypedStoreBenchmark.SetState;
import org.kvlab.bench.jmh.TypedStoreBenchmark.SortedSetState;
import org.kvlab.bench.jmh.TypedStoreBenchmark.StoreHash;
import org.kvlab.bench.jmh.TypedStoreBenchmark.StoreList;
import org.kvlab.bench.jmh.TypedStoreBenchmark.StoreSet;
import org.kvlab.bench.jmh.TypedStoreBenchmark.StoreSortedSet;
import org.kvlab.store.KvStore;

/**
 * Runs each benchmark method of {@link TypedStoreBenchmark} on states set up as JMH sets them up, for every
 * implementation, and checks what it returns and that the collection keeps its size (and, in the store, its
 * encoding). Correctness only: nothing here is timed.
 */
final class TypedStoreBenchmarkTest {

    /** How many calls each check makes. */
    private static final int CALLS = 1000;

    private final TypedStoreBenchmark benchmark = new TypedStoreBenchmark();
    private final List<Runnable> tearDowns = new ArrayList<>();

    @AfterEach
    void tearDown() {
        tearDowns.forEach(Runnable::run);
    }

    @ParameterizedTest
    @CsvSource({"kvstore,10", "kvstore,100000", "jdk,10", "jdk,100000"})
    void hget_returnsTheStoredValueOfEachCallsField(String impl, int size) {
        HashState state = hashState(impl, size);
        for (int call = 0; call < CALLS; call++) {
            assertArrayEquals(TypedStoreBenchmark.hashValue(state.calls.indexes[call], 0), benchmark.hget(state));
        }
    }

    @ParameterizedTest
    @CsvSource({"kvstore,10", "kvstore,100000", "jdk,10", "jdk,100000"})
    void hset_overwritesEachCallsField_keepingTheHashsSize(String impl, int size) {
        HashState state = hashState(impl, size);
        for (int call = 0; call < CALLS; call++) {
            assertEquals(0, benchmark.hset(state));
            byte[] field = TypedStoreBenchmark.hashField(state.calls.indexes[call]);
            assertArrayEquals(state.values[call], state.hash.get(field));
        }
        assertEquals(size, length(state));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kvstore", "jdk"})
    void rpushLpop_popsTheHeadAsAQueueDoes_keepingTheListsLength(String impl) {
        ListState state = listState(impl);
        for (int call = 0; call < TypedStoreBenchmark.LIST_LENGTH + CALLS; call++) {
            byte[] expected = call < TypedStoreBenchmark.LIST_LENGTH ? TypedStoreBenchmark.listElement(call)
                    : state.calls.probes[call - TypedStoreBenchmark.LIST_LENGTH];
            assertArrayEquals(expected, benchmark.rpushLpop(state));
        }
        assertEquals(TypedStoreBenchmark.LIST_LENGTH, length(state));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kvstore", "jdk"})
    void lpushLpop_popsTheElementJustPushed_leavingTheListAsItWas(String impl) {
        ListState state = listState(impl);
        for (int call = 0; call < CALLS; call++) {
            assertArrayEquals(state.calls.probes[call], benchmark.lpushLpop(state));
        }
        assertEquals(TypedStoreBenchmark.LIST_LENGTH, length(state));
        assertArrayEquals(TypedStoreBenchmark.listElement(0), benchmark.lrange(state).get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kvstore", "jdk"})
    void lrange_returnsTheFirst100ElementsInOrder(String impl) {
        ListState state = listState(impl);
        List<byte[]> range = benchmark.lrange(state);
        assertEquals(TypedStoreBenchmark.LRANGE_COUNT, range.size());
        for (int i = 0; i < range.size(); i++) {
            assertArrayEquals(TypedStoreBenchmark.listElement(i), range.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100_000})
    void zscore_returnsEachCallsMembersScore_alikeInEveryImplementation(int size) {
        SortedSetState store = sortedSetState("kvstore", size);
        SortedSetState tree = sortedSetState("jdk", size);
        SortedSetState skiplist = sortedSetState("jdk_skiplist", size);
        for (int call = 0; call < CALLS; call++) {
            double score = benchmark.zscore(store);
            assertTrue(score >= 0 && score < size, "score " + score);
            assertEquals(score, benchmark.zscore(tree));
            assertEquals(score, benchmark.zscore(skiplist));
        }
    }

    @ParameterizedTest
    @CsvSource({"kvstore,10", "kvstore,100000", "jdk,10", "jdk,100000", "jdk_skiplist,10", "jdk_skiplist,100000"})
    void zadd_givesEachCallsMemberItsCallsScore_keepingTheSetsSize(String impl, int size) {
        SortedSetState state = sortedSetState(impl, size);
        for (int call = 0; call < CALLS; call++) {
            assertEquals(0, benchmark.zadd(state));
            assertEquals(state.scores[0][call], state.zset.score(state.calls.probes[call]));
        }
        assertEquals(size, length(state));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kvstore", "jdk", "jdk_skiplist"})
    void zadd_givesTheOtherScoreOfACallInTheNextRound(String impl) {
        SortedSetState state = sortedSetState(impl, 10);
        for (int call = 0; call < KeySequence.LENGTH; call++) {
            benchmark.zadd(state);
        }
        assertEquals(state.scores[0][KeySequence.LENGTH - 1],
                state.zset.score(state.calls.probes[KeySequence.LENGTH - 1]));
        assertEquals(0, benchmark.zadd(state));
        assertEquals(state.scores[1][0], state.zset.score(state.calls.probes[0]));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100_000})
    void zrangeWithScores_returnsThe10LowestInOrder_alikeInEveryImplementationAfterUpdates(int size) {
        List<List<ScoredMember>> ranges = new ArrayList<>();
        for (String impl : List.of("kvstore", "jdk", "jdk_skiplist")) {
            SortedSetState state = sortedSetState(impl, size);
            for (int call = 0; call < CALLS; call++) {
                benchmark.zadd(state);
            }
            ranges.add(benchmark.zrangeWithScores(state));
        }
        List<ScoredMember> expected = ranges.get(0);
        assertEquals(TypedStoreBenchmark.ZRANGE_COUNT, expected.size());
        for (int i = 1; i < expected.size(); i++) {
            assertTrue(expected.get(i - 1).score() <= expected.get(i).score());
        }
        for (List<ScoredMember> range : ranges.subList(1, ranges.size())) {
            assertEquals(expected.size(), range.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).member(), range.get(i).member());
                assertEquals(expected.get(i).score(), range.get(i).score());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"kvstore,10,string", "kvstore,100000,string", "kvstore,10,integer", "kvstore,100000,integer",
        "jdk,10,string", "jdk,100000,string", "jdk,10,integer", "jdk,100000,integer"})
    void saddSrem_addsAndRemovesAnAbsentMember_keepingTheSetsSize(String impl, int size, String members) {
        SetState state = setState(impl, size, members);
        for (int call = 0; call < CALLS; call++) {
            assertEquals(2, benchmark.saddSrem(state));
            assertFalse(state.set.contains(state.absent.probes[call]));
        }
        assertEquals(size, length(state));
    }

    @ParameterizedTest
    @CsvSource({"kvstore,10,string", "kvstore,100000,string", "kvstore,10,integer", "kvstore,100000,integer",
        "jdk,10,string", "jdk,100000,string", "jdk,10,integer", "jdk,100000,integer"})
    void sismember_findsEachCallsMember_andNoAbsentOne(String impl, int size, String members) {
        SetState state = setState(impl, size, members);
        for (int call = 0; call < CALLS; call++) {
            assertTrue(benchmark.sismember(state));
            assertFalse(state.set.contains(state.absent.probes[call]));
        }
    }

    @Test
    void store_holdsEachCollectionInTheEncodingTheJavadocNames() {
        assertEquals("listpack", encoding(((StoreHash) hashState("kvstore", 10).hash).store));
        assertEquals("hashtable", encoding(((StoreHash) hashState("kvstore", 100_000).hash).store));
        assertEquals("quicklist", encoding(((StoreList) listState("kvstore").list).store));
        assertEquals("listpack", encoding(((StoreSortedSet) sortedSetState("kvstore", 10).zset).store));
        assertEquals("skiplist", encoding(((StoreSortedSet) sortedSetState("kvstore", 100_000).zset).store));
        assertEquals("intset", encoding(((StoreSet) setState("kvstore", 10, "integer").set).store));
        assertEquals("hashtable", encoding(((StoreSet) setState("kvstore", 100_000, "integer").set).store));
        assertEquals("hashtable", encoding(((StoreSet) setState("kvstore", 10, "string").set).store));
    }

    @Test
    void intset_staysAnIntsetThroughSaddSrem() {
        SetState state = setState("kvstore", 10, "integer");
        for (int call = 0; call < CALLS; call++) {
            benchmark.saddSrem(state);
        }
        assertEquals("intset", encoding(((StoreSet) state.set).store));
    }

    @Test
    void calls_countARoundEachTimeTheyWrapAround() {
        TypedStoreBenchmark.Calls calls = new TypedStoreBenchmark.Calls(10, TypedStoreBenchmark::hashField);
        for (int call = 0; call < KeySequence.LENGTH; call++) {
            assertEquals(0, calls.round());
            assertEquals(call, calls.next());
            assertArrayEquals(TypedStoreBenchmark.hashField(calls.indexes[call]), calls.probes[call]);
        }
        assertEquals(1, calls.round());
        assertEquals(0, calls.next());
    }

    @Test
    void facades_unknownImpl_sayWhatIsExpected() {
        assertEquals("impl: treemap (expected: kvstore or jdk)", assertThrows(IllegalArgumentException.class,
                () -> TypedStoreBenchmark.HashFacade.create("treemap", 10)).getMessage());
        assertEquals("impl: treemap (expected: kvstore or jdk)", assertThrows(IllegalArgumentException.class,
                () -> TypedStoreBenchmark.ListFacade.create("treemap")).getMessage());
        assertEquals("impl: treemap (expected: kvstore, jdk or jdk_skiplist)", assertThrows(
                IllegalArgumentException.class,
                () -> TypedStoreBenchmark.SortedSetFacade.create("treemap", 10)).getMessage());
        assertEquals("impl: treemap (expected: kvstore or jdk)", assertThrows(IllegalArgumentException.class,
                () -> TypedStoreBenchmark.SetFacade.create("treemap", 10)).getMessage());
        assertEquals("members: float (expected: string or integer)", assertThrows(IllegalArgumentException.class,
                () -> TypedStoreBenchmark.setMember("float", true)).getMessage());
    }

    private HashState hashState(String impl, int size) {
        HashState state = new HashState();
        state.impl = impl;
        state.size = size;
        state.setUp();
        tearDowns.add(state::tearDown);
        return state;
    }

    private ListState listState(String impl) {
        ListState state = new ListState();
        state.impl = impl;
        state.setUp();
        tearDowns.add(state::tearDown);
        return state;
    }

    private SortedSetState sortedSetState(String impl, int size) {
        SortedSetState state = new SortedSetState();
        state.impl = impl;
        state.size = size;
        state.setUp();
        tearDowns.add(state::tearDown);
        return state;
    }

    private SetState setState(String impl, int size, String members) {
        SetState state = new SetState();
        state.impl = impl;
        state.size = size;
        state.members = members;
        state.setUp();
        tearDowns.add(state::tearDown);
        return state;
    }

    private static String encoding(KvStore store) {
        return store.encoding(TypedStoreBenchmark.KEY);
    }

    private static long length(HashState state) {
        return state.hash instanceof StoreHash s ? s.store.hashes().length(TypedStoreBenchmark.KEY)
                : ((JdkHash) state.hash).map.size();
    }

    private static long length(ListState state) {
        if (state.list instanceof StoreList s) {
            return s.store.lists().length(TypedStoreBenchmark.KEY);
        }
        JdkList jdk = (JdkList) state.list;
        assertEquals(TypedStoreBenchmark.LIST_LENGTH, jdk.list.size());
        return jdk.deque.size();
    }

    private static long length(SortedSetState state) {
        if (state.zset instanceof StoreSortedSet s) {
            return s.store.sortedSets().cardinality(TypedStoreBenchmark.KEY);
        }
        JdkSortedSet jdk = (JdkSortedSet) state.zset;
        assertEquals(jdk.byMember.size(), jdk.ordered.size());
        return jdk.ordered.size();
    }

    private static long length(SetState state) {
        return state.set instanceof StoreSet s ? s.store.sets().cardinality(TypedStoreBenchmark.KEY)
                : ((JdkSet) state.set).set.size();
    }
}
