package dev.jitrl.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code jitrl run} prints of an instance's goal: never the text typed into a secret field. */
class RunOutputTest {
  @Test
  void maskSecrets_hidesWhatWasTypedIntoASecretField_only() {
    Element user = new Element("e0", "textbox", "Username", "", "");
    Element password = new Element("e1", "textbox", "Password", "", "", true);
    Observation page = new Observation("http://127.0.0.1/login", "Login", List.of(user, password), "");
    List<Step> steps = List.of(
        new Step(0, page, Action.fill(user, "macie"), StepStatus.EXECUTED, Optional.empty(), page, "policy"),
        new Step(1, page, Action.fill(password, "Wl0v2"), StepStatus.EXECUTED, Optional.empty(), page, "policy"));
    assertEquals("Enter the username \"macie\" and the password \"***\" and press login.", RunCommand.maskSecrets(
        "Enter the username \"macie\" and the password \"Wl0v2\" and press login.", steps));
  }
}
