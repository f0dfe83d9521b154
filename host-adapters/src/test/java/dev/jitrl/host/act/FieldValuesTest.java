package dev.jitrl.host.act;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldValuesTest {
  @Test
  void forInputType_datesInTheirUsualForms_becomeTheStoredForm() {
    assertEquals(Optional.of("2012-05-19"), FieldValues.forInputType("date", "05/19/2012"));
    assertEquals(Optional.of("2016-03-05"), FieldValues.forInputType("date", "March 5, 2016"));
    assertEquals(Optional.of("2016-03-05"), FieldValues.forInputType("date", "5th Mar 2016"));
    assertEquals(Optional.of("2016-03-05"), FieldValues.forInputType("date", "2016-03-05"));
    assertEquals(Optional.of("2016-03"), FieldValues.forInputType("month", "03/05/2016"));
    assertEquals(Optional.of("2012-05-19T14:49"), FieldValues.forInputType("datetime-local", "05/19/2012 2:49 PM"));
  }

  @Test
  void forInputType_timesWithAndWithoutAmPm_becomeTwentyFourHours() {
    assertEquals(Optional.of("14:49"), FieldValues.forInputType("time", "2:49 PM"));
    assertEquals(Optional.of("00:05"), FieldValues.forInputType("time", "12:05 am"));
    assertEquals(Optional.of("12:05"), FieldValues.forInputType("time", "12:05 p.m."));
    assertEquals(Optional.of("09:30:15"), FieldValues.forInputType("time", "9:30:15"));
  }

  @Test
  void forInputType_textThatIsNoDateOrTime_isRefused() {
    assertEquals(Optional.empty(), FieldValues.forInputType("date", "tomorrow"));
    assertEquals(Optional.empty(), FieldValues.forInputType("date", "02/30/2016"));
    assertEquals(Optional.empty(), FieldValues.forInputType("time", "13:00 PM"));
    assertEquals(Optional.of("as typed"), FieldValues.forInputType("text", "as typed"));
  }
}
