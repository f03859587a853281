package ks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.TreeSet;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Descriptors.PackageRef;
import aQute.bnd.osgi.Jar;

import org.junit.jupiter.api.Test;

/**
 * ks.api is what every driver compiles against: it refers to nothing but the JDK's java.*
 * packages, the OSGi versioning and bundle annotations, and itself. bnd's analyzer reads the
 * compiled classes, so a reference in a signature, a field or a method body counts.
 */
class ApiDependenciesTest {

    static final List<String> ALLOWED = List.of("org.osgi.annotation.versioning", "org.osgi.annotation.bundle");

    @Test
    void refersOnlyToJavaOsgiAnnotationsAndItself() throws Exception {
        File classes = new File("target/classes");
        assertTrue(new File(classes, "ks/api/io/Irp.class").isFile(), "compiled classes at " + classes.getAbsolutePath());
        try (Jar jar = new Jar(classes); Analyzer analyzer = new Analyzer(jar)) {
            analyzer.analyze();
            TreeSet<String> foreign = new TreeSet<>();
            TreeSet<String> referred = new TreeSet<>();
            for (PackageRef ref : analyzer.getReferred().keySet()) {
                String p = ref.getFQN();
                referred.add(p);
                if (!p.startsWith("java.") && !p.startsWith("ks.api.") && !ALLOWED.contains(p)) {
                    foreign.add(p);
                }
            }
            assertTrue(referred.contains("java.nio"), "the analysis saw the classes: " + referred);
            assertEquals(new TreeSet<String>(), foreign, "packages ks.api must not refer to");
        }
    }
}
