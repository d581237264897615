package vn.tipline.store;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * A unique index over a concurrent map from key to position: in memory for the logged collections
 * (rebuilt from the documents at start), an MVStore map for the chunk collections (kept in the file,
 * as the library's H2 backend keeps them; its own class cannot be constructed from outside its package).
 */
final class MapUniqueIndex extends AbstractUniqueIndex<Object> {

    private final ConcurrentMap<KeyValue, Object> positions;

    MapUniqueIndex(ConcurrentMap<KeyValue, Object> positions, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.positions = positions;
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return positions.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return positions.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return positions.get(key);
    }

    @Override
    public long getCount() {
        return positions.size();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
