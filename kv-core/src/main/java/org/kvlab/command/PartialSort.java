package org.kvlab.command;

import java.util.Comparator;

/**
 * Redis's {@code pqsort}: Bentley and McIlroy's quicksort that only recurses into the parts overlapping the range of
 * positions asked for, which {@code SORT ... BY ... LIMIT} uses. The same steps as Redis's, so elements that compare
 * equal end up in the same order as there (quicksort is not stable).
 */
final class PartialSort {

    private PartialSort() {
    }

    /**
     * Orders {@code a} so that positions {@code left..right} (inclusive) hold what a full sort would put there;
     * others are left partly sorted.
     */
    static <T> void sort(T[] a, Comparator<? super T> cmp, int left, int right) {
        sort(a, 0, a.length, cmp, left, right);
    }

    private static <T> void sort(T[] a, int lo, int n, Comparator<? super T> cmp, int left, int right) {
        while (true) {
            if (n < 7) {
                for (int pm = lo + 1; pm < lo + n; pm++) {
                    for (int pl = pm; pl > lo && cmp.compare(a[pl - 1], a[pl]) > 0; pl--) {
                        swap(a, pl, pl - 1);
                    }
                }
                return;
            }
            int pm = lo + n / 2;
            if (n > 7) {
                int pl = lo;
                int pn = lo + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = median(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = median(a, pm - d, pm, pm + d, cmp);
                    pn = median(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = median(a, pl, pm, pn, cmp);
            }
            swap(a, lo, pm);
            int pa = lo + 1;
            int pb = pa;
            int pc = lo + n - 1;
            int pd = pc;
            while (true) {
                int c;
                while (pb <= pc && (c = cmp.compare(a[pb], a[lo])) <= 0) {
                    if (c == 0) {
                        swap(a, pa++, pb);
                    }
                    pb++;
                }
                while (pb <= pc && (c = cmp.compare(a[pc], a[lo])) >= 0) {
                    if (c == 0) {
                        swap(a, pc, pd--);
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(a, pb++, pc--);
            }
            int pn = lo + n;
            int r = Math.min(pa - lo, pb - pa);
            swapRuns(a, lo, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            swapRuns(a, pb, pn - r, r);
            r = pb - pa;
            if (r > 1 && overlaps(lo, lo + r - 1, left, right)) {
                sort(a, lo, r, cmp, left, right);
            }
            r = pd - pc;
            if (r <= 1 || !overlaps(pn - r, pn - 1, left, right)) {
                return;
            }
            lo = pn - r;
            n = r;
        }
    }

    /** Whether {@code [left, right]} is not wholly before nor wholly after {@code [from, to]}. */
    private static boolean overlaps(int from, int to, int left, int right) {
        return !(left < from && right < from || left > to && right > to);
    }

    private static <T> int median(T[] a, int i, int j, int k, Comparator<? super T> cmp) {
        return cmp.compare(a[i], a[j]) < 0
                ? (cmp.compare(a[j], a[k]) < 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? k : i))
                : (cmp.compare(a[j], a[k]) > 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? i : k));
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void swapRuns(T[] a, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(a, i + k, j + k);
        }
    }
}
