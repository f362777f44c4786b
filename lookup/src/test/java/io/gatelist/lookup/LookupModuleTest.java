package io.gatelist.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What an embedder gets: a module that needs nothing but the Java platform and exports one package, whose public
 * types are the API. These tests run with the lookup on the module path, as such an embedder would put it.
 */
class LookupModuleTest {

    /**
     * The public types of {@code io.gatelist.lookup}. A type added here is a promise to embedders; anything that
     * only the compiler needs belongs in {@code io.gatelist.lookup.format}, anything else is package-private.
     */
    private static final Set<String> API = Set.of(
            "PolicySnapshot", "PolicySnapshot$FileMode", "PolicySnapshot$HeloMatch", "PolicySnapshot$RangeVisitor",
            "InvalidSnapshotException", "SnapshotInfo", "SnapshotWatcher", "SnapshotWatcher$Listener",
            "Verdict", "MatchedEntry", "Decision", "Step", "Mode", "VerdictCodes", "CountryCodes", "IpLiterals");

    private static final Module MODULE = PolicySnapshot.class.getModule();

    @Test
    void theLookupIsAModuleThatNeedsOnlyTheJavaPlatform() {
        assertTrue(MODULE.isNamed(), "the tests must run on the module path");
        ModuleDescriptor descriptor = MODULE.getDescriptor();
        assertEquals("io.gatelist.lookup", descriptor.name());
        Set<String> required = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base"), required);
    }

    @Test
    void theApiIsExportedToAllAndTheFormatToTheApplicationOnly() {
        ModuleDescriptor descriptor = MODULE.getDescriptor();
        Map<String, Set<String>> exports = descriptor.exports().stream().collect(Collectors.toMap(
                ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertEquals(Map.of("io.gatelist.lookup", Set.of(), "io.gatelist.lookup.format", Set.of("io.gatelist")),
                exports);
        assertEquals(Set.of(), descriptor.opens());
    }

    @Test
    void onlyTheApiTypesArePublic() throws IOException {
        ResolvedModule resolved = MODULE.getLayer().configuration().findModule(MODULE.getName()).orElseThrow();
        Set<String> publicTypes = new TreeSet<>();
        try (ModuleReader reader = resolved.reference().open()) {
            for (String resource : reader.list().collect(Collectors.toList())) {
                if (!resource.startsWith("io/gatelist/lookup/") || !resource.endsWith(".class")
                        || resource.indexOf('/', "io/gatelist/lookup/".length()) >= 0) {
                    continue; // another package, or not a class
                }
                String name = resource.substring("io/gatelist/lookup/".length(), resource.length() - 6);
                Class<?> type;
                try {
                    type = Class.forName("io.gatelist.lookup." + name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(resource, e);
                }
                if (isVisibleFromOutside(type)) {
                    publicTypes.add(name);
                }
            }
        }
        assertEquals(new TreeSet<>(API), publicTypes);
    }

    /** Public, and (for a nested type) inside public types all the way out. */
    private static boolean isVisibleFromOutside(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }
}
