import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Overtime × Next.js — image edits without the 504",
  description: "Submit an OpenAI image edit through a BFF that answers 202 in milliseconds, then watch it arrive.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
