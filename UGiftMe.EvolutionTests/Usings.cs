global using NUnit.Framework;
global using UGiftMe.Tests.TestSupport;
