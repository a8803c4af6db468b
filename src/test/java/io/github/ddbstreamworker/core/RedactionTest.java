package io.github.ddbstreamworker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

class RedactionTest {

  private static final AttributeValue REDACTED = AttributeValue.fromS(Redaction.REDACTED);
  private static final Map<String, AttributeValue> KEYS = Map.of("id", s("1"));

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue m(Map<String, AttributeValue> value) {
    return AttributeValue.fromM(value);
  }

  private static AttributeValue l(AttributeValue... elements) {
    return AttributeValue.fromL(List.of(elements));
  }

  private static Record insert(Map<String, AttributeValue> newImage) {
    return ItemLineFormatterTest.insert(KEYS, newImage);
  }

  private static Map<String, AttributeValue> redactedImage(
      String paths, Map<String, AttributeValue> newImage) {
    return Redaction.parse(paths).apply(insert(newImage)).dynamodb().newImage();
  }

  @Test
  void replacesATopLevelAttributeAndKeepsTheOthers() {
    Map<String, AttributeValue> image =
        redactedImage("email", Map.of("id", s("1"), "email", s("a@example.com")));

    assertThat(image).isEqualTo(Map.of("id", s("1"), "email", REDACTED));
  }

  @Test
  void followsAPathIntoNestedMaps() {
    Map<String, AttributeValue> image =
        redactedImage(
            "card.number",
            Map.of("card", m(Map.of("number", s("4111111111111111"), "expiry", s("12/30")))));

    assertThat(image)
        .isEqualTo(Map.of("card", m(Map.of("number", REDACTED, "expiry", s("12/30")))));
  }

  @Test
  void entersEveryElementOfAListOfMaps() {
    Map<String, AttributeValue> image =
        redactedImage(
            "contacts.phone",
            Map.of(
                "contacts",
                l(
                    m(Map.of("name", s("Ann"), "phone", s("+111"))),
                    m(Map.of("name", s("Bob"), "phone", s("+222"))),
                    m(Map.of("name", s("Cy"))))));

    assertThat(image)
        .isEqualTo(
            Map.of(
                "contacts",
                l(
                    m(Map.of("name", s("Ann"), "phone", REDACTED)),
                    m(Map.of("name", s("Bob"), "phone", REDACTED)),
                    m(Map.of("name", s("Cy"))))));
  }

  @Test
  void entersListsInsideLists() {
    Map<String, AttributeValue> image =
        redactedImage(
            "grid.secret",
            Map.of(
                "grid",
                l(
                    l(m(Map.of("secret", s("a"), "open", s("b")))),
                    l(m(Map.of("secret", s("c"))), s("plain")))));

    assertThat(image)
        .isEqualTo(
            Map.of(
                "grid",
                l(
                    l(m(Map.of("secret", REDACTED, "open", s("b")))),
                    l(m(Map.of("secret", REDACTED)), s("plain")))));
  }

  @Test
  void redactsKeysNewImageAndOldImage() {
    Record record =
        ItemLineFormatterTest.insert(
            Map.of("email", s("k@example.com")),
            Map.of("email", s("new@example.com"), "id", s("1")));
    record =
        record.toBuilder()
            .dynamodb(
                record.dynamodb().toBuilder()
                    .oldImage(Map.of("email", s("old@example.com"), "id", s("1")))
                    .build())
            .build();

    Record redacted = Redaction.parse("email").apply(record);

    assertThat(redacted.dynamodb().keys()).isEqualTo(Map.of("email", REDACTED));
    assertThat(redacted.dynamodb().newImage()).isEqualTo(Map.of("email", REDACTED, "id", s("1")));
    assertThat(redacted.dynamodb().oldImage()).isEqualTo(Map.of("email", REDACTED, "id", s("1")));
  }

  @Test
  void leavesTheRecordEqualWhenThePathIsNotThere() {
    Record record = insert(Map.of("id", s("1"), "card", m(Map.of("expiry", s("12/30")))));

    assertThat(Redaction.parse("email,card.number,missing.deep.path").apply(record))
        .isEqualTo(record);
  }

  @Test
  void leavesAValueAloneWhenThePathContinuesPastSomethingThatIsNotAMap() {
    Record record = insert(Map.of("email", s("a@example.com"), "tags", l(s("x"), s("y"))));

    assertThat(Redaction.parse("email.x,tags.x").apply(record)).isEqualTo(record);
  }

  @Test
  void appliesSeveralPathsAtOnce() {
    Map<String, AttributeValue> image =
        redactedImage(
            " email , card.number,name ",
            Map.of(
                "email", s("a@example.com"),
                "name", s("Ann"),
                "card", m(Map.of("number", s("4111"))),
                "city", s("Oslo")));

    assertThat(image)
        .isEqualTo(
            Map.of(
                "email",
                REDACTED,
                "name",
                REDACTED,
                "card",
                m(Map.of("number", REDACTED)),
                "city",
                s("Oslo")));
  }

  @Test
  void turnsAValueOfAnyTypeIntoTheRedactedString() {
    Map<String, AttributeValue> image =
        redactedImage(
            "n,b,ss,m,l,bool",
            Map.of(
                "n", AttributeValue.fromN("42"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "ss", AttributeValue.fromSs(List.of("x", "y")),
                "m", m(Map.of("inner", s("v"))),
                "l", l(s("v")),
                "bool", AttributeValue.fromBool(true)));

    assertThat(image)
        .containsOnlyKeys("n", "b", "ss", "m", "l", "bool")
        .allSatisfy((name, value) -> assertThat(value).isEqualTo(REDACTED));
  }

  @Test
  void doesNotInventAnOldImageTheRecordDidNotHave() {
    Record redacted = Redaction.parse("email").apply(insert(Map.of("email", s("a@example.com"))));

    assertThat(redacted.dynamodb().hasOldImage()).isFalse();
    assertThat(redacted.dynamodb().hasNewImage()).isTrue();
  }

  @Test
  void nullOrBlankMeansNothingToRedact() {
    assertThat(Redaction.parse(null).isEmpty()).isTrue();
    assertThat(Redaction.parse(" ").isEmpty()).isTrue();
    assertThat(Redaction.parse("email").isEmpty()).isFalse();

    Record record = insert(Map.of("email", s("a@example.com")));
    assertThat(Redaction.parse(" ").apply(record)).isSameAs(record);
  }

  @Test
  void ignoresBlankEntriesBetweenCommas() {
    Record record =
        insert(Map.of("id", AttributeValue.fromS("1"), "email", AttributeValue.fromS("a@b.c")));

    Record redacted = Redaction.parse(" email , ,").apply(record);

    assertThat(redacted.dynamodb().newImage().get("email").s()).isEqualTo(Redaction.REDACTED);
    assertThat(Redaction.parse(",, ").isEmpty()).isTrue();
  }

  @Test
  void rejectsAnEmptySegmentInsideAPathNamingThePath() {
    assertThatThrownBy(() -> Redaction.parse("email,a..b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a..b'");
    assertThatThrownBy(() -> Redaction.parse("card."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'card.'");
  }

  @Test
  void leavesTheOriginalRecordUnchanged() {
    Map<String, AttributeValue> image =
        Map.of("email", s("a@example.com"), "contacts", l(m(Map.of("phone", s("+111")))));
    Record record = insert(image);

    Redaction.parse("email,contacts.phone").apply(record);

    assertThat(record).isEqualTo(insert(image));
    assertThat(record.dynamodb().newImage().get("email")).isEqualTo(s("a@example.com"));
  }
}
