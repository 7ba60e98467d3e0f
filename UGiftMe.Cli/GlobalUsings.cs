// The SDK's request and response models (generated from openapi/).
global using UGiftMe.Models;
