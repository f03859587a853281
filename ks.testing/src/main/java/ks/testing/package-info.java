/**
 * The test kit for ks driver authors: {@link ks.testing.KsTestBench} runs drivers in the real I/O
 * manager with the verifier on, without OSGi; {@link ks.testing.KsBench} is the JUnit 5 extension
 * that gives a test its bench and fails it on verifier violations or leaked IRPs; virtual UVC
 * cameras on a USB bus give a filter driver the stack it meets on a real camera.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package ks.testing;
