package dev.parkinglot.examples.spring;

/** The shop as application.properties configures it: the memory store. */
class MemoryShopTest extends ShopFlowTest {
  @Override
  String expectedStore() {
    return "memory";
  }
}
