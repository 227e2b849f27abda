package dev.parkinglot;

/** How the callback's span relates to the parked context. */
public enum CallbackSpanRelation {
  /**
   * The default: the callback span starts a new trace (or continues the incoming request's) and
   * carries a span link to the parked context. Recommended for waits of minutes to days, where one
   * trace spanning them would be hard to read and sample.
   */
  LINK,

  /**
   * The callback span is a child of the parked span, in the same trace. The span still carries the
   * link, so tools that follow links see the same relation either way.
   */
  CHILD
}
