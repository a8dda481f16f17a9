package org.kvlab.compat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences that mix every type's commands on the same few keys — so a key made by one type's command meets
 * every other type's, renames and copies carry collections, and expiry, SORT and OBJECT see all of them — reply as
 * redis-server does, byte for byte (with the differences {@link Differential} documents).
 */
@RequiresRedis
final class AllTypesDifferentialTest {

    @Property(tries = 200)
    void everyTypesCommands_onSharedKeys_replyAsRedis(@ForAll("commands") List<Cmd> commands,
            @ForAll boolean resp3) {
        Differential d = Differential.shared();
        d.reset();
        SortDifferentialTest.clearRedisErrno(d);
        if (resp3) {
            d.call(Differential.args("HELLO", "3"));
        }
        for (Cmd c : commands) {
            if (new String(c.args[0], java.nio.charset.StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT)
                    .startsWith("sort")) {
                SortDifferentialTest.clearRedisErrno(d);
            }
            SortDifferentialTest.check(d, c);
        }
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, KeyspaceDifferentialTest.anyCommand()),
                Tuple.of(3, HashDifferentialTest.hashCommand()),
                Tuple.of(3, ListDifferentialTest.listCommand()),
                Tuple.of(3, SetDifferentialTest.setCommand()),
                Tuple.of(3, SortedSetDifferentialTest.anyCommand()),
                Tuple.of(2, BitmapDifferentialTest.anyCommand()),
                Tuple.of(1, SortDifferentialTest.sorts()))
                .list().ofMinSize(5).ofMaxSize(40);
    }
}
