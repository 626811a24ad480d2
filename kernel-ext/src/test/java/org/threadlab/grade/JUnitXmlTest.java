package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * JUnit XML against two schemas: Ant's JUnit XSD as the Maven Central artifact
 * {@code com.github.baev:junit-model:1.0} ships it ({@code xsd/junit.xsd}, Windy Road's schema
 * under a target namespace, which is taken off here since Ant's reports have none), and Jenkins'
 * junit format, which no artifact on Maven Central ships: {@code jenkins-junit.xsd} beside this
 * test was written from the format's published description.
 */
class JUnitXmlTest {
    static final String ANSI = "\u001B[31mred\u001B[0m";
    static final String NASTY = "NUL:\u0000 SOH:\u0001 " + ANSI + " cdata:]]> lone:\uD800 low:\uDC00 pair:\uD83D\uDE00 <&>\"' tab:\t cr:\r end";
    static final Instant WHEN = Instant.parse("2026-11-29T23:59:58.123Z");

    static Schema ant() throws Exception {
        String xsd;
        try (InputStream in = JUnitXmlTest.class.getClassLoader().getResourceAsStream("xsd/junit.xsd")) {
            xsd = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        xsd = xsd.replace(" xmlns:ns=\"urn:junit.baev.github.com\"", "").replace(" targetNamespace=\"urn:junit.baev.github.com\"", "")
                .replace("\"ns:", "\"");
        assertFalse(xsd.contains("urn:junit.baev"), "the namespace is gone");
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(new StringReader(xsd)));
    }

    static Schema jenkins() throws Exception {
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JUnitXmlTest.class.getResource("jenkins-junit.xsd"));
    }

    static void valid(Schema schema, String xml) throws IOException, SAXException {
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static TestReport report(String message) {
        return new TestReport("t", List.of(
                new TestResult("test_sum.sumIsRight", TestResult.Status.PASSED, 12, 2, 2, "", null, null, ""),
                new TestResult("test_sum.works", TestResult.Status.FAILED, 3, 0, 2, message, "1", message, "  at Sums.sum (cell [3], line 2)"),
                new TestResult("test_bank.works", TestResult.Status.FAILED, 5, 0, 2, "NullPointerException: " + message, null, null, "", "", true, "NullPointerException"),
                TestResult.failed("test_pool.drains", 2, "timed out after 30 s during cell 7: " + message)));
    }

    @Test
    void hostileMessagesStayValidForAntAndJenkins() throws Exception {
        String big = NASTY + "x".repeat(100_000);
        String xml = JUnitXml.document(List.of(new JUnitXml.Suite("alice " + NASTY, report(big), "reason " + NASTY, "printed " + NASTY)),
                WHEN, "grader-1");
        valid(ant(), xml);
        valid(jenkins(), xml);
        Document d = parse(xml);
        String text = d.getDocumentElement().getTextContent();
        assertFalse(text.contains("\u001B"), "colour codes are dropped");
        assertTrue(text.contains("redx") || text.contains("red"), "the coloured text itself stays");
        assertTrue(text.contains("NUL:\\u0000 SOH:\\u0001"), "forbidden characters are spelled out");
        assertTrue(text.contains("lone:\\uD800 low:\\uDC00 pair:\uD83D\uDE00"), "lone surrogates spelled out, a pair kept");
        assertTrue(text.contains("cdata:]]>"), "]]> survives as text");
        assertTrue(text.contains("x".repeat(100_000)), "100 KB messages are kept whole");
    }

    @Test
    void everyAttributeAntRequiresAndTheAggregateIdsAndPackages() throws Exception {
        String xml = JUnitXml.document(List.of(new JUnitXml.Suite("alice", report("m"), "", ""),
                new JUnitXml.Suite("bob", report("m"), "timed out", "out")), WHEN, "grader-1");
        valid(ant(), xml);
        NodeList suites = parse(xml).getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        Element bob = (Element) suites.item(1);
        assertEquals("1", bob.getAttribute("id"));
        assertEquals("bob", bob.getAttribute("package"));
        assertEquals("2026-11-29T23:59:58", bob.getAttribute("timestamp"));
        assertEquals("grader-1", bob.getAttribute("hostname"));
        assertEquals("4", bob.getAttribute("tests"));
        assertEquals("1", bob.getAttribute("failures"));
        assertEquals("2", bob.getAttribute("errors"));
        assertEquals("0.020", bob.getAttribute("time"));
        assertEquals("out", bob.getElementsByTagName("system-out").item(0).getTextContent());
        assertEquals("timed out", bob.getElementsByTagName("system-err").item(0).getTextContent());
    }

    @Test
    void classnameIsTheTaskNeverTheStudentAndOrderIsTheReports() throws Exception {
        Document d = parse(JUnitXml.document(List.of(new JUnitXml.Suite("alice", report("m"), "", "")), WHEN, "h"));
        NodeList cases = d.getElementsByTagName("testcase");
        String[][] expected = {{"test_sum", "sumIsRight"}, {"test_sum", "works"}, {"test_bank", "works"}, {"test_pool", "drains"}};
        assertEquals(expected.length, cases.getLength());
        for (int i = 0; i < expected.length; i++) {
            Element c = (Element) cases.item(i);
            assertEquals(expected[i][0], c.getAttribute("classname"));
            assertEquals(expected[i][1], c.getAttribute("name"));
        }
    }

    @Test
    void assertionsFailExceptionsAndTestsThatNeverRanAreErrors() throws Exception {
        Document d = parse(JUnitXml.document(List.of(new JUnitXml.Suite("alice", report("boom"), "", "")), WHEN, "h"));
        NodeList failures = d.getElementsByTagName("failure");
        NodeList errors = d.getElementsByTagName("error");
        assertEquals(1, failures.getLength());
        assertEquals("AssertionFailedError", ((Element) failures.item(0)).getAttribute("type"));
        assertEquals("boom", ((Element) failures.item(0)).getAttribute("message"));
        assertTrue(failures.item(0).getTextContent().contains("at Sums.sum (cell [3], line 2)"));
        assertEquals(2, errors.getLength());
        assertEquals("NullPointerException", ((Element) errors.item(0)).getAttribute("type"));
        assertEquals("NotRun", ((Element) errors.item(1)).getAttribute("type"));
        assertTrue(((Element) errors.item(1)).getAttribute("message").startsWith("timed out after 30 s"));
    }

    @Test
    void skippedTestsAreTheirOwnCaseForJenkinsButAntsOldXsdHasNoSuchElement() throws Exception {
        TestReport r = new TestReport("t", List.of(new TestResult("Tests.later", TestResult.Status.SKIPPED, 0, 0, 1, "not yet", null, null, "")));
        String xml = JUnitXml.document(List.of(new JUnitXml.Suite("alice", r, "", "")), WHEN, "h");
        valid(jenkins(), xml);
        assertThrows(SAXException.class, () -> valid(ant(), xml), "Ant's 2011 XSD knows no skipped tests");
        Element suite = (Element) parse(xml).getElementsByTagName("testsuite").item(0);
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("not yet", ((Element) suite.getElementsByTagName("skipped").item(0)).getAttribute("message"));
    }

    @Test
    void aSuiteOnItsOwnIsAntsNonAggregatedForm() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + report(NASTY).junitXml("");
        valid(ant(), xml);
        valid(jenkins(), xml);
        Element suite = parse(xml).getDocumentElement();
        assertEquals("tests", suite.getAttribute("name"), "a blank name becomes one the XSD accepts");
        assertFalse(suite.hasAttribute("id"));
    }
}
