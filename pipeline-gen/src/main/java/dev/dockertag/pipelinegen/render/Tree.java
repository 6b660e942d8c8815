package dev.dockertag.pipelinegen.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the ordered maps and lists a pipeline is written from. */
final class Tree {

    private Tree() {}

    /** An ordered map of alternating keys and values; null values are left out. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value != null
                    && !(value instanceof Map<?, ?> m && m.isEmpty())
                    && !(value instanceof List<?> l && l.isEmpty())) {
                map.put((String) keysAndValues[i], value);
            }
        }
        return map;
    }

    static List<Object> list(Object... items) {
        List<Object> list = new ArrayList<>();
        for (Object item : items) {
            if (item != null) {
                list.add(item);
            }
        }
        return list;
    }

    /** {@code repo:tag} split into repository and tag, keeping the user's spelling of the repository. */
    static String[] splitTag(String reference) {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
        }
        return new String[] {reference, null};
    }
}
