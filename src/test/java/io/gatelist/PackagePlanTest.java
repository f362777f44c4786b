package io.gatelist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package plan, held against the compiled classes (ArchUnit reads their byte code, so a fully qualified name
 * counts as much as an import): the packages stand on floors, and a package uses only packages on the floors below
 * its own, never one beside it or above it. So the pipeline reads one way, from the values up to the command line.
 * A new package, or a package that needs one beside or above it, changes this plan: say why in the commit.
 */
class PackagePlanTest {

    /** The floors from the ground up: the top-level packages under {@code io.gatelist}, and Flyway's Java migrations. */
    private static final List<List<String>> FLOORS = List.of(
            // Nothing of ours: the embeddable lookup (java.* alone, see below), a TCP server, writing files
            // atomically, findings and rules.
            List.of("lookup", "net", "io", "finding"),
            // Values: list entries and prefixes, files as they are read, what a verdict answers to the outside.
            List.of("policy", "input", "answer"),
            // Judging values (validation rules, overlaps, RIR records); serving a snapshot (DNSBL, exports, HTTP).
            List.of("validation", "overlap", "geo", "dns", "export", "distribution"),
            // Reputation feeds (judged by the validation rules) and the appliance home with its settings.
            List.of("feed", "home"),
            List.of("storage"),
            // What is kept in the database beside the lists: nominations, import reports, the audit trail; the
            // schema migrations.
            List.of("gal", "report", "audit", "db.migration"),
            List.of("snapshot"),
            List.of("batch"),
            List.of("inbox"),
            List.of("cli"));

    private static JavaClasses classes;

    @BeforeAll
    static void compiledClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gatelist", "db.migration");
    }

    @Test
    void everyPackageStandsOnAFloor() {
        Set<String> placed = new TreeSet<>();
        FLOORS.forEach(placed::addAll);
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            String p = topLevel(c.getPackageName());
            if (!placed.contains(p)) {
                unplaced.add(p);
            }
        }
        assertEquals(Set.of(), unplaced, "packages on no floor of the plan: put each on the floor above all it uses");
    }

    @Test
    void packagesUseOnlyTheFloorsBelowTheirOwn() {
        LayeredArchitecture plan = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> floor : FLOORS) {
            for (String p : floor) {
                plan = plan.layer(p).definedBy(fullName(p) + "..");
            }
        }
        List<String> below = new ArrayList<>();
        for (List<String> floor : FLOORS) {
            for (String p : floor) {
                plan = below.isEmpty() ? plan.whereLayer(p).mayNotAccessAnyLayer()
                        : plan.whereLayer(p).mayOnlyAccessLayers(below.toArray(String[]::new));
            }
            below.addAll(floor);
        }
        plan.check(classes);
    }

    @Test
    void noPackagesUseEachOtherInACircle() {
        slices().matching("io.gatelist.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theLookupUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage("io.gatelist.lookup..").should().dependOnClassesThat()
                .resideOutsideOfPackages("java..", "io.gatelist.lookup..")
                .because("the lookup is embedded by mail servers that bring nothing else").check(classes);
    }

    /** {@code policy} for {@code io.gatelist.policy.x}; {@code db.migration} for Flyway's migrations. */
    private static String topLevel(String packageName) {
        if (packageName.startsWith("db.")) {
            return "db.migration";
        }
        if (!packageName.startsWith("io.gatelist.")) {
            return packageName;
        }
        String rest = packageName.substring("io.gatelist.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static String fullName(String p) {
        return p.equals("db.migration") ? p : "io.gatelist." + p;
    }
}
