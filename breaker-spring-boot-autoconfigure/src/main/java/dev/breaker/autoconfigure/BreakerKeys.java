package dev.breaker.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * Which keys {@code breaker.*} accepts where, read from {@link BreakerProperties} so that it cannot drift from
 * what binds. For a key that binds to nothing it finds the level the key is at ({@code breaker},
 * {@code breaker.shared}, {@code breaker.defaults}, {@code breaker.profiles.<name>} ...), the keys that level
 * accepts, and either the closest valid key or the levels where the key would be valid.
 *
 * <p>Keys are matched the way Boot binds them, ignoring case and dashes, so a name from an environment
 * variable ({@code breaker.profiles.x.failureratethreshold}) is the same key as its dashed form.
 */
final class BreakerKeys {

    private static final String PREFIX = "breaker";

    private static final Node ROOT = Node.object(BreakerProperties.class, List.of(Element.key(PREFIX)), true);

    /** Every level whose keys a report lists: breaker, its direct objects, and each level of breaker settings. */
    private static final List<Node> LEVELS = ROOT.levels(new ArrayList<>());

    private BreakerKeys() {
    }

    /** What can be said about {@code name}, a {@code breaker.*} key that bound to nothing. */
    static Diagnosis diagnose(ConfigurationPropertyName name) {
        List<Element> elements = Element.of(name);
        Walk walk = Walk.from(ROOT, elements, 1);
        Key canonical = walk.valid() ? new Key(ROOT.append(walk.path()), 0) : null;
        List<Element> relative = elements.subList(walk.levelEnd(), elements.size());
        List<Key> elsewhere = new ArrayList<>();
        if (!walk.valid()) {
            for (Node level : LEVELS) {
                if (level.label().contains(".experiments.")) {
                    continue; // every rule of a breaker is also one an experiment can try: no news there
                }
                Walk there = Walk.from(level, relative, 0);
                if (level != walk.level() && there.valid()) {
                    elsewhere.add(new Key(level.append(there.path()), level.path.size()));
                }
            }
        }
        Key correction = (walk.valid() || !elsewhere.isEmpty()) ? null : correct(elements, walk);
        return new Diagnosis(walk.level().label(), walk.level().accepted(), canonical, correction, elsewhere);
    }

    /**
     * The key with its misspelt elements replaced by the closest valid ones (at most three), as long as that
     * makes a valid key; relative to its level when only its last element changed.
     */
    private static @Nullable Key correct(List<Element> elements, Walk first) {
        List<Element> corrected = new ArrayList<>(elements);
        Walk walk = first;
        int fixes = 0;
        while (!walk.valid() && fixes < 3) {
            if (walk.invalidAt() >= corrected.size() || walk.at().kind != Kind.OBJECT) {
                return null;
            }
            Element wrong = corrected.get(walk.invalidAt());
            String closest = closest(wrong.uniform(), walk.at().children.values().stream().map(Child::key).toList());
            if (closest == null) {
                return null;
            }
            corrected.set(walk.invalidAt(), Element.key(closest));
            fixes++;
            walk = Walk.from(ROOT, corrected, 1);
        }
        if (!walk.valid()) {
            return null;
        }
        boolean onlyTheLast = fixes == 1 && first.invalidAt() == elements.size() - 1;
        return new Key(ROOT.append(walk.path()), onlyTheLast ? first.levelEnd() : 0);
    }

    /** The candidate closest to {@code typo}, ignoring case and dashes, if any is close enough to be a typo. */
    static @Nullable String closest(String typo, Collection<String> candidates) {
        String uniformTypo = uniform(typo);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(uniformTypo, uniform(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return (best != null && closeEnough(bestDistance, uniformTypo.length())) ? best : null;
    }

    /** Up to a quarter of the word (at least 2) and less than half of it: "dc" is no typo of "db". */
    private static boolean closeEnough(int distance, int length) {
        return distance <= Math.max(2, length / 4) && distance * 2 < length;
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit ("inventroy"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String uniform(String key) {
        return key.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /**
     * What is known about a key that bound to nothing.
     *
     * @param level where the key is, e.g. {@code breaker.profiles.<name>}
     * @param accepted the keys that level accepts, e.g. {@code failure-rate-threshold}, {@code retry.jitter},
     *        {@code shared.*}
     * @param canonical the key in its dashed form when it is a valid key after all (bound to nothing because its
     *        value is empty)
     * @param correction the closest valid key, when one is close enough to be a typo
     * @param elsewhere the valid keys with the same name at other levels ({@code <name>} for map keys)
     */
    record Diagnosis(String level, List<String> accepted, @Nullable Key canonical, @Nullable Key correction,
            List<Key> elsewhere) {
    }

    /**
     * A valid key, as elements.
     *
     * @param relativeFrom the first element to show when the key is shown relative to its level (0: in full)
     */
    record Key(List<Element> elements, int relativeFrom) {

        /** As in a configuration file: {@code breaker.profiles.payment.failure-rate-threshold}. */
        String property() {
            return property(0);
        }

        /** As in a configuration file, from its level: {@code retry.max-attempts}, else in full. */
        String shown() {
            return property(relativeFrom);
        }

        private String property(int from) {
            StringBuilder name = new StringBuilder();
            for (Element element : elements.subList(from, elements.size())) {
                boolean plain = !element.index() && element.dashed().matches("[a-z0-9-]+|<name>");
                name.append(plain ? (name.isEmpty() ? "" : ".") + element.dashed() : "[" + element.dashed() + "]");
            }
            return name.toString();
        }

        /** As an environment variable: {@code BREAKER_PROFILES_PAYMENT_FAILURERATETHRESHOLD}. */
        String variable() {
            return String.join("_", elements.stream()
                    .map(element -> element.dashed().replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT))
                    .toList());
        }
    }

    /** One element of a key: a key, a map key (a name) or a list index. */
    record Element(String dashed, String uniform, boolean index) {

        static Element key(String dashed) {
            return new Element(dashed, BreakerKeys.uniform(dashed), false);
        }

        static List<Element> of(ConfigurationPropertyName name) {
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < name.getNumberOfElements(); i++) {
                elements.add(new Element(name.getElement(i, Form.DASHED), name.getElement(i, Form.UNIFORM),
                        name.isNumericIndex(i)));
            }
            return elements;
        }
    }

    /**
     * How far a key goes from a node: the deepest level it reached and where its keys start, its elements in
     * their canonical form, and the first element that is not valid ({@code invalidAt} -1 when all are; the
     * number of elements when the key stops at an object).
     */
    private record Walk(Node level, int levelEnd, int invalidAt, Node at, List<Element> path) {

        boolean valid() {
            return invalidAt < 0;
        }

        static Walk from(Node start, List<Element> elements, int from) {
            Node node = start;
            Node level = start;
            int levelEnd = from;
            List<Element> path = new ArrayList<>();
            for (int i = from; i < elements.size(); i++) {
                Element element = elements.get(i);
                Node next = node.next(element);
                if (next == null) {
                    return new Walk(level, levelEnd, i, node, path);
                }
                path.add(node.kind == Kind.OBJECT ? Element.key(node.children.get(element.uniform()).key()) : element);
                node = next;
                if (node.level) {
                    level = node;
                    levelEnd = i + 1;
                }
            }
            boolean value = node.kind == Kind.VALUE || node.kind == Kind.LIST;
            return new Walk(level, levelEnd, value ? -1 : elements.size(), node, path);
        }
    }

    private enum Kind {
        VALUE, LIST, OBJECT, MAP
    }

    private record Child(String key, Node node) {
    }

    /** A node of the {@code breaker.*} tree: a value, a list, an object of named keys, or a map of names. */
    private static final class Node {

        private static final Node VALUE = new Node(Kind.VALUE, List.of(), false);

        private final Kind kind;
        /** The elements that lead here, {@code <name>} for map keys. */
        private final List<Element> path;
        /** Whether reports list the keys of this node (and whether keys found under it are shown relative to it). */
        private final boolean level;
        /** OBJECT: its keys, by uniform name. */
        private final Map<String, Child> children = new TreeMap<>();
        /** MAP: each entry; LIST: each element. */
        private @Nullable Node entry;

        private Node(Kind kind, List<Element> path, boolean level) {
            this.kind = kind;
            this.path = path;
            this.level = level;
        }

        static Node object(Class<?> type, List<Element> path, boolean level) {
            Node node = new Node(Kind.OBJECT, path, level);
            for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
                if (property.getReadMethod() != null && !"class".equals(property.getName())) {
                    String key = DataObjectPropertyName.toDashedForm(property.getName());
                    List<Element> childPath = append(path, key);
                    Node child = of(ResolvableType.forMethodReturnType(property.getReadMethod()), childPath,
                            path.size() == 1);
                    node.children.put(uniform(key), new Child(key, child));
                }
            }
            return node;
        }

        private static Node of(ResolvableType type, List<Element> path, boolean underRoot) {
            Class<?> raw = type.toClass();
            if (Map.class.isAssignableFrom(raw)) {
                Node map = new Node(Kind.MAP, path, false);
                map.entry = of(type.asMap().getGeneric(1), append(path, "<name>"), true);
                return map;
            }
            if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
                Node list = new Node(Kind.LIST, path, false);
                list.entry = VALUE;
                return list;
            }
            if (raw.getPackageName().equals(BreakerProperties.class.getPackageName()) && !raw.isEnum()) {
                return object(raw, path, underRoot || BreakerSettingsProperties.class.isAssignableFrom(raw));
            }
            return VALUE;
        }

        private static List<Element> append(List<Element> path, String key) {
            List<Element> appended = new ArrayList<>(path);
            appended.add(Element.key(key));
            return List.copyOf(appended);
        }

        /** The node {@code element} leads to from here, or null when it is not valid here. */
        @Nullable Node next(Element element) {
            return switch (kind) {
                case VALUE -> null;
                case LIST -> element.index() ? entry : null;
                case MAP -> entry;
                case OBJECT -> {
                    Child child = children.get(element.uniform());
                    yield child != null ? child.node() : null;
                }
            };
        }

        /** This node's path followed by {@code elements}. */
        List<Element> append(List<Element> elements) {
            List<Element> appended = new ArrayList<>(path);
            appended.addAll(elements);
            return appended;
        }

        String label() {
            return new Key(path, 0).property();
        }

        /** The keys of this level: values by name, other levels in short ({@code shared.*}), inline objects in full. */
        List<String> accepted() {
            List<String> keys = new ArrayList<>();
            for (Child child : children.values()) {
                Node node = child.node();
                switch (node.kind) {
                    case VALUE, LIST -> keys.add(child.key());
                    case MAP -> keys.add(child.key() + ".<name>.*");
                    case OBJECT -> {
                        if (node.level) {
                            keys.add(child.key() + ".*");
                        } else {
                            node.accepted().forEach(key -> keys.add(child.key() + "." + key));
                        }
                    }
                }
            }
            return keys;
        }

        List<Node> levels(List<Node> found) {
            if (level) {
                found.add(this);
            }
            if (entry != null) {
                entry.levels(found);
            }
            children.values().forEach(child -> child.node().levels(found));
            return found;
        }
    }
}
