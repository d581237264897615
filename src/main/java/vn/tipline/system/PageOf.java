package vn.tipline.system;

import java.util.List;
import java.util.function.Function;

/** One page of a list; {@code page} counts from 0. Every feature's list API answers with it. */
public record PageOf<T>(List<T> items, int page, int size, long total) {

    public <R> PageOf<R> map(Function<T, R> mapper) {
        return new PageOf<>(items.stream().map(mapper).toList(), page, size, total);
    }

    public int pages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
