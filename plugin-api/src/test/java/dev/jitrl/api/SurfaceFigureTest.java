package dev.jitrl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SurfaceFigureTest {
  private static List<String> names(String value) {
    return SurfaceFigure.points(value).stream().map(SurfaceFigure.Point::name).toList();
  }

  @Test
  void points_areEachMarkThenTheMiddleOfEachPair_alikePairsFirst_numberedWhereMarksReadAlike() {
    String value = "6 marks: blue dot 20,60; black dot 40,10; black dot 80,90";
    assertEquals(List.of("at blue dot", "at black dot 1", "at black dot 2", "between black dot 1 and black dot 2",
        "between blue dot and black dot 1", "between blue dot and black dot 2"), names(value));
    SurfaceFigure.Point mid = SurfaceFigure.resolve(value, "between black dot 1 and black dot 2").orElseThrow();
    assertEquals(60, mid.x());
    assertEquals(50, mid.y());
  }

  @Test
  void aCircle_isNamedByItsCentre() {
    assertEquals(List.of("centre of white circle"), names("1 marks: white circle 45,55"));
    assertEquals(new SurfaceFigure.Point("centre of white circle", 45, 55),
        SurfaceFigure.resolve("1 marks: white circle 45,55", "centre of white circle").orElseThrow());
  }

  @Test
  void theSameNameOnAnotherInstance_isThatInstancesPoint() {
    String name = "between black dot 1 and black dot 2";
    assertEquals(new SurfaceFigure.Point(name, 20, 30),
        SurfaceFigure.resolve("2 marks: black dot 10,10; black dot 30,50", name).orElseThrow());
    assertEquals(new SurfaceFigure.Point(name, 71, 46),
        SurfaceFigure.resolve("2 marks: black dot 90,40; black dot 51,51", name).orElseThrow());
    assertEquals(Optional.empty(), SurfaceFigure.resolve("1 marks: black dot 90,40", name), "a figure without it");
  }

  @Test
  void moreThanFourMarks_areNamedOneByOne_withoutTheirMiddles() {
    String value = "5 marks: red dot 1,1; red dot 2,2; red dot 3,3; red dot 4,4; red dot 5,5";
    assertEquals(5, SurfaceFigure.points(value).size());
    assertTrue(names(value).stream().noneMatch(n -> n.startsWith("between")));
  }

  @Test
  void aValueThatIsNotAFigure_hasNoMarks() {
    for (String value : List.of("", "3 marks", "true", "122 x 82", "2 marks: black dot 10,10; a cat",
        "1 marks: black dot 101,5", "1 marks: black square 10,10",
        "7 marks: a dot 1,1; a dot 1,1; a dot 1,1; a dot 1,1; a dot 1,1; a dot 1,1; a dot 1,1")) {
      assertEquals(List.of(), SurfaceFigure.marks(value), value);
      assertEquals(List.of(), SurfaceFigure.points(value), value);
    }
  }

  @Test
  void describe_isWhatMarksParses() {
    List<SurfaceFigure.Mark> marks =
        List.of(new SurfaceFigure.Mark("black", "dot", 3, 97), new SurfaceFigure.Mark("", "circle", 50, 50));
    assertEquals("black dot 3,97; circle 50,50", SurfaceFigure.describe(marks));
    assertEquals(marks, SurfaceFigure.marks("2 marks: " + SurfaceFigure.describe(marks)));
  }

  @Test
  void aClickAtANamedPoint_carriesThePointAndItsName() {
    Element board = new Element("e0", "surface", "board", "", "2 marks: black dot 10,10; black dot 30,50");
    Action a = Action.clickAt(board, 20, 30, "between black dot 1 and black dot 2");
    assertEquals(Optional.of("between black dot 1 and black dot 2"), a.pointName());
    assertEquals(20, a.clickPoint().orElseThrow()[0]);
    assertEquals(30, a.clickPoint().orElseThrow()[1]);
    assertEquals(Optional.empty(), Action.clickAt(board, 20, 30).pointName(), "a grid point has no name");
    assertThrows(IllegalArgumentException.class, () -> Action.clickAt(board, 20, 30, " "));
  }
}
